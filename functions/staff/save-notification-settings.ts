// POST /api/me/notification-settings — which kinds of notice also reach the caller by e-mail, where and in which language.
import { identityEmailOf } from '#shared/auth/staff-directory.ts';
import { saveSettings } from '#shared/data/staff-profile.ts';
import { notificationSettingsBody } from '#shared/domain/staff-notices.ts';
import { invalidInput } from '#shared/http/errors.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readJsonBody, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  const caller = staffCaller(event);
  readQuery(event, noQuery);
  const settings = readJsonBody(event, notificationSettingsBody);
  // Mail needs an address: the one given, or the one the identity keeps (asked only when none is given).
  if (settings.emailFor.length > 0 && !settings.email && !(await identityEmailOf(caller.username))) {
    throw invalidInput([{ field: 'email', code: 'required', message: 'No e-mail address is on file for you: give one to receive e-mail.' }]);
  }
  const profile = await saveSettings(caller, settings);
  return jsonResponse(200, { settings: { ...(profile.email ? { email: profile.email } : {}), language: profile.language, emailFor: profile.emailFor } });
});
