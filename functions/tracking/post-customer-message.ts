// POST /api/track/messages — the customer writes to their issue with its tracking code and their
// e-mail. The message is always stored on the public timeline; if a step waits for the customer's
// reply, it is answered (the flow goes on, the customer clock stops). Wrong code or e-mail: one 404.
import { customerMessageBody } from '#shared/api/schemas.ts';
import { receiveCustomerMessage } from '#shared/data/customer-waits.ts';
import { deliverReply } from '#shared/flows/deliver-reply.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { limitTracking } from '#shared/http/rate-limit.ts';
import { noQuery, readJsonBody, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { trackedIssue } from '#functions/tracking/tracked-issue.ts';

export const handler = httpHandler(async (event) => {
  await limitTracking(event);
  readQuery(event, noQuery);
  const { trackingCode, email, message } = readJsonBody(event, customerMessageBody);
  const issue = await trackedIssue(trackingCode, email);
  const replies = await receiveCustomerMessage(issue.issueId, message);
  // A reply that does not reach the flow now stays pending and is repaired; the message is stored either way.
  for (const reply of replies) await deliverReply(reply);
  return jsonResponse(201, { received: true, answeredQuestion: replies.length > 0 });
});
