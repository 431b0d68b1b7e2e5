// POST /api/track/codes — "e-mail me my tracking codes": each open issue of that address gets a new
// code by e-mail and its old codes stop working. The answer is the same 202 whether or not the address
// is known, so it tells nobody who is a customer. Rate-limited like the other public routes.
import { trackingCodesBody } from '#shared/api/schemas.ts';
import { renewTrackingCodes } from '#shared/data/customer-feedback.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { limitTracking } from '#shared/http/rate-limit.ts';
import { noQuery, readJsonBody, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  await limitTracking(event);
  readQuery(event, noQuery);
  const { email } = readJsonBody(event, trackingCodesBody);
  await renewTrackingCodes(email);
  return jsonResponse(202, { accepted: true });
});
