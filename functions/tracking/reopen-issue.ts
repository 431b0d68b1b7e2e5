// POST /api/track/reopen — the customer says their closed issue is not solved (tracking code, e-mail
// and what is still wrong). Within 14 days of closing it opens again: stored first, then the flow's
// follow-up step is started (a failed start stays on the repair list). Wrong code or e-mail: one 404.
import { reopenBody } from '#shared/api/schemas.ts';
import { findIssueForCustomer } from '#shared/data/customer-access.ts';
import { reopenIssue } from '#shared/data/reopen.ts';
import { startFlowOf } from '#shared/flows/start-flow.ts';
import { notFound } from '#shared/http/errors.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { limitTracking, recordFailedTrackingLookup, refuseLockedTrackingCode } from '#shared/http/rate-limit.ts';
import { noQuery, readJsonBody, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  await limitTracking(event);
  readQuery(event, noQuery);
  const { trackingCode, email, reason } = readJsonBody(event, reopenBody);
  await refuseLockedTrackingCode(trackingCode);
  const issue = await findIssueForCustomer(trackingCode, email);
  if (!issue) {
    await recordFailedTrackingLookup(trackingCode);
    throw notFound('No issue matches this tracking code and e-mail address.');
  }
  const execution = await reopenIssue(issue.issueId, reason);
  await startFlowOf(execution);
  return jsonResponse(201, { reopened: true });
});
