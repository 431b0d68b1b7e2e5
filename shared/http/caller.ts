// Who is calling: read from the JWT authorizer's claims, the same on API Gateway and locally.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { unauthorized } from '#shared/http/errors.ts';
import { staffGroups, type Caller, type StaffGroup } from '#shared/domain/staff.ts';

// The staff vocabulary is the domain's; re-exported for the edge and the identity tooling that read it here.
export { departments, staffGroups, type Caller, type Department, type StaffGroup } from '#shared/domain/staff.ts';

type ClaimValue = string | number | boolean | string[];
type EventWithClaims = APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { jwt?: { claims?: Record<string, ClaimValue> } } };
};

/** API Gateway flattens array claims to "[a b]"; the local runtime passes arrays. Accept both. */
function parseGroups(value: ClaimValue | undefined): string[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return [];
  return value.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
}

export function callerOf(event: APIGatewayProxyEventV2): Caller {
  const claims = (event as EventWithClaims).requestContext.authorizer?.jwt?.claims;
  const username = claims?.['cognito:username'] ?? claims?.username;
  if (!claims || typeof username !== 'string' || username === '') throw unauthorized();
  const groups = parseGroups(claims['cognito:groups']).filter((group): group is StaffGroup =>
    (staffGroups as readonly string[]).includes(group),
  );
  return { username, groups };
}
