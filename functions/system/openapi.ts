// GET /api/openapi.json — the API's OpenAPI 3.1 document, generated from the route table and the zod schemas.
import { openApiDocument } from '#shared/api/openapi.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

let document: ReturnType<typeof openApiDocument> | undefined;

export const handler = httpHandler(async (event) => {
  readQuery(event, noQuery);
  document ??= openApiDocument();
  return jsonResponse(200, document, { 'Cache-Control': 'public, max-age=300' });
});
