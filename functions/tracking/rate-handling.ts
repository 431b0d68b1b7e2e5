// POST /api/track/rating — once the issue is closed, the customer rates its handling (1–5) with an
// optional comment: a new event on the timeline (a second rating is another event, never an edit).
import { ratingBody } from '#shared/api/schemas.ts';
import { findIssueForCustomer } from '#shared/data/customer-access.ts';
import { rateHandling } from '#shared/data/customer-feedback.ts';
import { notFound } from '#shared/http/errors.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { limitTracking, recordFailedTrackingLookup, refuseLockedTrackingCode } from '#shared/http/rate-limit.ts';
import { noQuery, readJsonBody, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  await limitTracking(event);
  readQuery(event, noQuery);
  const { trackingCode, email, rating, comment } = readJsonBody(event, ratingBody);
  await refuseLockedTrackingCode(trackingCode);
  const issue = await findIssueForCustomer(trackingCode, email);
  if (!issue) {
    await recordFailedTrackingLookup(trackingCode);
    throw notFound('No issue matches this tracking code and e-mail address.');
  }
  await rateHandling(issue.issueId, rating, comment || undefined);
  return jsonResponse(201, { received: true });
});
