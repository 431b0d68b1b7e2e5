// Who may use the staff routes. Every staff handler asks here; who may act on a task is the domain's
// rule (assertMayActOnTask in shared/domain/staff.ts), checked once per change before the task's state.
// - No or bad token: 401, answered before the handler (API Gateway's JWT authorizer, or the local
//   server); `staffCaller` refuses a token without claims the same way.
// - Any staff member (any department, or a manager) reads any issue, customer, queue, list, flow and
//   map, and adds notes: the whole picture is open to every department. Anyone sends a suggestion;
//   only managers read them.
// - The figures per period (GET /api/figures) are the managers' only.
// - Acting on a task (claim, release, complete) is for the task's own department only, checked
//   before the task's state (another department gets 403 whatever the state); managers act anywhere.
// - Customers have no token: a tracking code with its e-mail is their key (see tracking-view.ts),
//   and either being wrong is the same 404.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isManager } from '#shared/domain/staff.ts';
import { callerOf, type Caller } from '#shared/http/caller.ts';
import { forbidden } from '#shared/http/errors.ts';

/** The caller of a staff route: a signed-in member of a department or of the managers. */
export function staffCaller(event: APIGatewayProxyEventV2): Caller {
  const caller = callerOf(event);
  if (caller.groups.length === 0) throw forbidden('Only Baton staff (a department or the managers) may use this.');
  return caller;
}

/** A managers-only route (the figures, the staff's suggestions): another department's staff get 403. */
export function managerCaller(event: APIGatewayProxyEventV2): Caller {
  const caller = staffCaller(event);
  if (!isManager(caller)) throw forbidden('Only managers may use this.');
  return caller;
}
