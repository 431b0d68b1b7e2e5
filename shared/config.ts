// Configuration: the only thing that differs between the local runtime and AWS is read here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export class MissingConfigurationError extends Error {
  override name = 'MissingConfigurationError';
}

/** Reads a required environment variable, failing loudly rather than running half-configured. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') {
    throw new MissingConfigurationError(`Environment variable ${name} is required but not set.`);
  }
  return value;
}

export function optionalEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

export const config = {
  tableName: () => requireEnv('BATON_TABLE_NAME'),
  /** Unset on AWS: the SDK's default endpoint is used. */
  dynamodbEndpoint: () => optionalEnv('BATON_DYNAMODB_ENDPOINT'),
  stepFunctionsEndpoint: () => optionalEnv('BATON_STEPFUNCTIONS_ENDPOINT'),
  region: () => optionalEnv('AWS_REGION') ?? 'us-east-1',
  /**
   * Set by the local runtime only: the data folder's generated key, which its local endpoints expect.
   * Unset on AWS, where the SDK's default credential chain (the Lambda's role) is used.
   */
  localCredentials: () => ({
    accessKeyId: requireEnv('BATON_LOCAL_ACCESS_KEY_ID'),
    secretAccessKey: requireEnv('BATON_LOCAL_SECRET_ACCESS_KEY'),
  }),
  /** `{ [flowId]: stateMachineArn }`, set by the CDK stack or the local runtime. */
  stateMachineArns: (): Record<string, string> => JSON.parse(requireEnv('BATON_STATE_MACHINE_ARNS')) as Record<string, string>,
  /** Local demos and tests shorten SLAs; the Step Functions endpoint applies the same factor. Unset on AWS. */
  timeFactor: () => Number(optionalEnv('BATON_TIME_FACTOR') ?? 1),
  /**
   * Where the flow files (ASL) are read from by the handlers that draw them: set by the local runtime;
   * on AWS, the bundle carries them next to the handler (LAMBDA_TASK_ROOT).
   */
  workflowsDir: () =>
    optionalEnv('BATON_WORKFLOWS_DIR') ??
    path.join(optionalEnv('LAMBDA_TASK_ROOT') ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), 'workflows'),
  /**
   * Set on AWS for the rate-limited handlers: CloudFront sends it with every `/api/*` request, so only
   * such requests' `CloudFront-Viewer-Address` is believed. Unset locally (no CloudFront).
   */
  edgeSecret: () => optionalEnv('BATON_EDGE_SECRET'),
  /**
   * Where the browser signs staff in (GET /api/auth/config): the Cognito user pool's endpoint and its
   * public web client on AWS (set by the stack), the local identity's endpoint locally (set by the runtime).
   */
  identity: () => ({
    endpoint: requireEnv('BATON_IDENTITY_ENDPOINT'),
    userPoolId: requireEnv('BATON_USER_POOL_ID'),
    clientId: requireEnv('BATON_USER_POOL_CLIENT_ID'),
  }),
  /** Where links in e-mails point: the site's origin (CloudFront on AWS, the local server locally). */
  siteUrl: () => requireEnv('BATON_SITE_URL').replace(/\/+$/, ''),
  mail: {
    /** Set locally: the runtime's SMTP server. Unset on AWS, where Amazon SES sends. */
    smtpUrl: () => optionalEnv('BATON_SMTP_URL'),
    /** The From address: the SES identity on AWS (CDK context baton:senderEmail). */
    sender: () => optionalEnv('BATON_SENDER_EMAIL') ?? 'Baton <baton@localhost>',
    /** The SES configuration set whose event destination records bounces and complaints (AWS only). */
    configurationSet: () => optionalEnv('BATON_SES_CONFIGURATION_SET'),
  },
  mode: (): 'local' | 'aws' => (optionalEnv('BATON_MODE') === 'local' ? 'local' : 'aws'),
};
