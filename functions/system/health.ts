// GET /api/health — 200 once the system can serve requests. The local runtime also holds requests
// back with 503 until every part of it is ready. It names no endpoint: anyone may call it, and where
// DynamoDB Local and Step Functions listen is printed by `npm start` for the person who started it.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';

export const handler = httpHandler(async (event) => {
  readQuery(event, noQuery);
  // A read of a key that never exists proves the table answers, at the cost of one read unit.
  await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: { pk: 'HEALTH', sk: 'HEALTH' } }));
  return jsonResponse(200, { ok: true, mode: config.mode() });
});
