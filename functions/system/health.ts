// GET /api/health — 200 once the system can serve requests. The local runtime also holds requests
// back with 503 until every part of it is ready.
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
  if (config.mode() === 'aws') return jsonResponse(200, { ok: true, mode: 'aws' });
  return jsonResponse(200, {
    ok: true,
    mode: 'local',
    endpoints: {
      dynamodb: config.dynamodbEndpoint(),
      ...(config.stepFunctionsEndpoint() ? { stepfunctions: config.stepFunctionsEndpoint() } : {}),
    },
  });
});
