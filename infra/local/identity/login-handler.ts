// POST /api/auth/login — local identity only: the demo users' stand-in for a Cognito sign-in.
import { loginBody } from '#shared/api/schemas.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { readJsonBody } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { unauthorized } from '#shared/http/errors.ts';
import { localIdentity } from '#infra/local/identity/local-identity.ts';

export const handler = httpHandler(async (event) => {
  const { username, password } = readJsonBody(event, loginBody);
  const token = await localIdentity().login(username, password);
  if (!token) throw unauthorized('Unknown username or wrong password.');
  return jsonResponse(200, { token });
});
