// The customer's look-up by tracking code and e-mail, shared by POST /api/track and
// POST /api/track/messages: a locked code is refused, and a wrong code or e-mail is one 404 that
// says neither and counts towards the code's lock (shared/http/rate-limit.ts).
import { findIssueForCustomer } from '#shared/data/customer-access.ts';
import { notFound } from '#shared/http/errors.ts';
import { recordFailedTrackingLookup, refuseLockedTrackingCode } from '#shared/http/rate-limit.ts';

export async function trackedIssue(trackingCode: string, email: string) {
  await refuseLockedTrackingCode(trackingCode);
  const issue = await findIssueForCustomer(trackingCode, email);
  if (!issue) {
    await recordFailedTrackingLookup(trackingCode);
    throw notFound('No issue matches this tracking code and e-mail address.');
  }
  return issue;
}
