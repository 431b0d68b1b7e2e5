// POST /api/track — a customer follows their issue with its tracking code and their e-mail. Either
// being wrong is the same 404; failed look-ups lock the code for a while (shared/http/rate-limit.ts).
// The open page asks again every few seconds with If-None-Match: an unchanged issue is a 304 without
// reading its events and tasks.
import { trackBody } from '#shared/api/schemas.ts';
import { readTrackView, trackViewEtag } from '#shared/data/tracking-view.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { limitTracking } from '#shared/http/rate-limit.ts';
import { header, noQuery, readJsonBody, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { trackedIssue } from '#functions/tracking/tracked-issue.ts';

export const handler = httpHandler(async (event) => {
  await limitTracking(event);
  readQuery(event, noQuery);
  const { trackingCode, email } = readJsonBody(event, trackBody);
  const issue = await trackedIssue(trackingCode, email);
  const etag = trackViewEtag(issue);
  if (header(event, 'if-none-match') === etag) return { statusCode: 304, headers: { ETag: etag, 'Cache-Control': 'no-store' } };
  return jsonResponse(200, await readTrackView(issue), { ETag: etag });
});
