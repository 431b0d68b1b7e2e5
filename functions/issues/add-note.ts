// POST /api/issues/{issueId}/notes — any staff member adds a note (internal, or on the customer's
// timeline too); a correction is a new note pointing at the event it corrects.
import { addNote } from '#shared/data/notes.ts';
import { noteBody } from '#shared/api/schemas.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { issueIdParams } from '#shared/http/path-parameters.ts';
import { noQuery, readJsonBody, readPath, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  const caller = staffCaller(event);
  const { issueId } = readPath(event, issueIdParams);
  readQuery(event, noQuery);
  const note = readJsonBody(event, noteBody);
  return jsonResponse(201, { event: await addNote(issueId, caller, note) });
});
