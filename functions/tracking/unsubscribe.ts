// POST /api/track/unsubscribe — the customer wants no more e-mail about this issue (the link in every
// customer e-mail). An event on the timeline; the tracking page keeps working.
import { trackBody } from '#shared/api/schemas.ts';
import { findIssueForCustomer } from '#shared/data/customer-access.ts';
import { unsubscribe } from '#shared/data/customer-feedback.ts';
import { notFound } from '#shared/http/errors.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { limitTracking, recordFailedTrackingLookup, refuseLockedTrackingCode } from '#shared/http/rate-limit.ts';
import { noQuery, readJsonBody, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  await limitTracking(event);
  readQuery(event, noQuery);
  const { trackingCode, email } = readJsonBody(event, trackBody);
  await refuseLockedTrackingCode(trackingCode);
  const issue = await findIssueForCustomer(trackingCode, email);
  if (!issue) {
    await recordFailedTrackingLookup(trackingCode);
    throw notFound('No issue matches this tracking code and e-mail address.');
  }
  await unsubscribe(issue.issueId);
  return jsonResponse(200, { unsubscribed: true });
});
