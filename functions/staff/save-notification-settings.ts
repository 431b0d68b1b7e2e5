// POST /api/me/notification-settings — which kinds of notice also reach the caller by e-mail, where and in which language.
import { saveSettings } from '#shared/data/staff-profile.ts';
import { notificationSettingsBody } from '#shared/domain/staff-notices.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readJsonBody, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  const caller = staffCaller(event);
  readQuery(event, noQuery);
  const settings = readJsonBody(event, notificationSettingsBody);
  const profile = await saveSettings(caller, settings);
  return jsonResponse(200, { settings: { ...(profile.email ? { email: profile.email } : {}), language: profile.language, emailFor: profile.emailFor } });
});
