// GET /api/notifications/failures — managers: the messages Baton gave up on (after its retries, a
// permanent refusal, no address, or a send whose outcome is unknown), oldest first.
import { notificationFailuresSchema } from '#shared/api/schemas.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { isManager } from '#shared/domain/staff.ts';
import { forbidden } from '#shared/http/errors.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { failedMessages } from '#shared/notifications/outbox.ts';

export const handler = httpHandler(async (event) => {
  if (!isManager(staffCaller(event))) throw forbidden('Only managers see failed notifications.');
  readQuery(event, noQuery);
  const failures = (await failedMessages(200)).map((message) => ({
    messageId: message.messageId,
    kind: message.kind,
    ...(message.issueId ? { issueId: message.issueId } : {}),
    recipient: message.to.kind,
    attempts: message.attempts,
    ...(message.lastError ? { lastError: message.lastError } : {}),
    createdAt: message.createdAt,
  }));
  return jsonResponse(200, notificationFailuresSchema.parse({ failures }));
});
