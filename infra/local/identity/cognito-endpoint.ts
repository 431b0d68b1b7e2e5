// POST /api/auth/cognito/ — local runtime only: the local identity's endpoint, speaking the Cognito
// user pool JSON protocol (`X-Amz-Target: AWSCognitoIdentityProviderService.<Action>`), so the
// browser's sign-in and the AWS SDK in `npm run users` run the same code against it as against
// Cognito. Errors are Cognito's (`__type`, `x-amzn-ErrorType`); unknown query parameters, fields
// and actions are refused by name.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { logger } from '#shared/logger.ts';
import { header, maxBodyBytes } from '#shared/http/request-body.ts';
import { cognitoActions, describeIssues } from '#infra/local/identity/cognito-actions.ts';
import { IdentityError, invalidParameter } from '#infra/local/identity/identity-errors.ts';
import { localIdentity } from '#infra/local/identity/local-identity.ts';
import { localRegion } from '#infra/local/local-credentials.ts';
import { signatureVerifier } from '#infra/local/request-signature.ts';
import { ServiceError } from '#infra/local/stepfunctions/service-errors.ts';

const targetPrefix = 'AWSCognitoIdentityProviderService.';
const contentType = 'application/x-amz-json-1.1';

function respond(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store', ...headers }, body: JSON.stringify(body) };
}

function readInput(event: APIGatewayProxyEventV2): { action: string; input: unknown } {
  const unknownQuery = Object.keys(event.queryStringParameters ?? {});
  if (unknownQuery.length > 0) throw invalidParameter(`Unknown query parameter ${unknownQuery.join(', ')}.`);
  const target = header(event, 'x-amz-target') ?? '';
  if (!target.startsWith(targetPrefix)) throw invalidParameter(`X-Amz-Target must name an action: ${targetPrefix}<Action>.`);
  if (!/^application\/x-amz-json-1\.[01]\s*(;|$)/i.test(header(event, 'content-type') ?? '')) {
    throw invalidParameter(`Content-Type must be ${contentType}.`);
  }
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > maxBodyBytes) throw new IdentityError('SerializationException', `The request body exceeds ${maxBodyBytes} bytes.`, 413);
  try {
    return { action: target.slice(targetPrefix.length), input: JSON.parse(text || '{}') };
  } catch {
    throw new IdentityError('SerializationException', 'The request body is not valid JSON.');
  }
}

/** Admin actions change who may sign in: like Cognito, they are refused unless signed with the data folder's key. */
async function requireSignature(event: APIGatewayProxyEventV2): Promise<void> {
  // A signature's age is measured on the real clock the SDK signed with (as the Step Functions endpoint
  // does), not on Baton's business clock: tests move that one days ahead, and the outbox sender, which
  // reads staff addresses here, signs with the real time.
  const verify = signatureVerifier(config.localCredentials(), localRegion, Date.now, 'cognito-idp');
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  try {
    await verify({ method: event.requestContext.http.method, url: `${event.rawPath}${query}`, headers: event.headers, body });
  } catch (error) {
    if (error instanceof ServiceError) throw new IdentityError(error.code, error.message, error.statusCode);
    throw error;
  }
}

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    const { action, input } = readInput(event);
    const definition = cognitoActions[action];
    if (!definition) throw new IdentityError('UnknownOperationException', `The local identity does not serve ${action}.`);
    if (definition.signed) await requireSignature(event);
    const parsed = definition.input.safeParse(input);
    if (!parsed.success) {
      const unknownResource = parsed.error.issues.some((issue) => issue.message === 'unknownClient' || issue.message === 'unknownPool');
      throw new IdentityError(unknownResource ? 'ResourceNotFoundException' : 'InvalidParameterException', describeIssues(parsed.error));
    }
    return respond(200, await definition.run(parsed.data, localIdentity(), event));
  } catch (error) {
    if (error instanceof IdentityError) {
      return respond(error.statusCode, { __type: error.type, message: error.message }, { 'x-amzn-ErrorType': error.type, ...error.headers });
    }
    logger.error('local identity failed', { error });
    return respond(500, { __type: 'InternalErrorException', message: 'Something went wrong on our side.' }, { 'x-amzn-ErrorType': 'InternalErrorException' });
  }
}
