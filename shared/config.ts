// Configuration: the only thing that differs between the local runtime and AWS is read here, once.
import { AsyncLocalStorage } from 'node:async_hooks';
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

/**
 * Everything that differs between one Baton and another, parsed once: from the Lambda environment at
 * cold start on AWS (settingsFromEnv), by the local runtime at start (infra/local/runtime.ts). A
 * required value that is absent is reported when it is first needed, naming its variable, so a
 * handler that does not need it still runs.
 */
export interface BatonSettings {
  mode: 'local' | 'aws';
  tableName?: string;
  /** Unset on AWS: the SDK's default endpoint is used. */
  dynamodbEndpoint?: string;
  stepFunctionsEndpoint?: string;
  region: string;
  /**
   * Set by the local runtime only: the data folder's generated key, which its local endpoints expect.
   * Unset on AWS, where the SDK's default credential chain (the Lambda's role) is used.
   */
  localCredentials?: { accessKeyId: string; secretAccessKey: string };
  /** `{ [flowId]: stateMachineArn }`, set by the CDK stack or the local runtime. */
  stateMachineArns?: Record<string, string>;
  /** Local demos and tests shorten SLAs; the Step Functions endpoint applies the same factor. 1 on AWS. */
  timeFactor: number;
  /** Where the flow files (ASL) are read from by the handlers that draw them; on AWS the bundle carries them (LAMBDA_TASK_ROOT). */
  workflowsDir: string;
  /**
   * Set on AWS for the rate-limited handlers: CloudFront sends it with every `/api/*` request, so only
   * such requests' `CloudFront-Viewer-Address` is believed. Unset locally (no CloudFront).
   */
  edgeSecret?: string;
  /**
   * Where the browser signs staff in (GET /api/auth/config): the Cognito user pool's endpoint and its
   * public web client on AWS (set by the stack), the local identity's endpoint locally (set by the runtime).
   */
  identity?: { endpoint: string; userPoolId: string; clientId: string };
  /** Where links in e-mails point: the site's origin (CloudFront on AWS, the local server locally). */
  siteUrl?: string;
  mail: {
    /** Set locally: the runtime's SMTP server. Unset on AWS, where Amazon SES sends. */
    smtpUrl?: string;
    /** The From address: the SES identity on AWS (CDK context baton:senderEmail). */
    sender: string;
    /** The SES configuration set whose event destination records bounces and complaints (AWS only). */
    configurationSet?: string;
  };
}

/** The settings a Lambda's environment gives (the CDK stack sets it; see infra/aws). */
export function settingsFromEnv(): BatonSettings {
  const identityEndpoint = optionalEnv('BATON_IDENTITY_ENDPOINT');
  const accessKeyId = optionalEnv('BATON_LOCAL_ACCESS_KEY_ID');
  const arns = optionalEnv('BATON_STATE_MACHINE_ARNS');
  return {
    mode: optionalEnv('BATON_MODE') === 'local' ? 'local' : 'aws',
    tableName: optionalEnv('BATON_TABLE_NAME'),
    dynamodbEndpoint: optionalEnv('BATON_DYNAMODB_ENDPOINT'),
    stepFunctionsEndpoint: optionalEnv('BATON_STEPFUNCTIONS_ENDPOINT'),
    region: optionalEnv('AWS_REGION') ?? 'us-east-1',
    ...(accessKeyId ? { localCredentials: { accessKeyId, secretAccessKey: requireEnv('BATON_LOCAL_SECRET_ACCESS_KEY') } } : {}),
    ...(arns ? { stateMachineArns: JSON.parse(arns) as Record<string, string> } : {}),
    timeFactor: Number(optionalEnv('BATON_TIME_FACTOR') ?? 1),
    workflowsDir:
      optionalEnv('BATON_WORKFLOWS_DIR') ??
      path.join(optionalEnv('LAMBDA_TASK_ROOT') ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), 'workflows'),
    edgeSecret: optionalEnv('BATON_EDGE_SECRET'),
    ...(identityEndpoint
      ? { identity: { endpoint: identityEndpoint, userPoolId: requireEnv('BATON_USER_POOL_ID'), clientId: requireEnv('BATON_USER_POOL_CLIENT_ID') } }
      : {}),
    siteUrl: optionalEnv('BATON_SITE_URL'),
    mail: {
      smtpUrl: optionalEnv('BATON_SMTP_URL'),
      sender: optionalEnv('BATON_SENDER_EMAIL') ?? 'Baton <baton@localhost>',
      configurationSet: optionalEnv('BATON_SES_CONFIGURATION_SET'),
    },
  };
}

// Each invocation runs with the settings of the Baton that invoked it: a local runtime wraps every
// handler and step Lambda it runs in withSettings, so two runtimes can share one process (tests).
// Outside any invocation (AWS, scripts, a test calling shared code directly) the process's settings hold.
const invocation = new AsyncLocalStorage<BatonSettings>();
let processSettings: BatonSettings | undefined;

/** A Lambda's environment is fixed for its life: on AWS it is parsed once, at cold start (this module's load). */
const onLambda = process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined;
let fromEnvironment: { seen: string; settings: BatonSettings } | undefined;

/** The environment's settings; elsewhere than on Lambda (scripts, unit tests) re-parsed only when a variable it reads changed. */
function environmentSettings(): BatonSettings {
  if (onLambda && fromEnvironment) return fromEnvironment.settings;
  const seen = JSON.stringify(Object.entries(process.env).filter(([name]) => name.startsWith('BATON_') || name === 'AWS_REGION' || name === 'LAMBDA_TASK_ROOT'));
  if (fromEnvironment?.seen !== seen) fromEnvironment = { seen, settings: settingsFromEnv() };
  return fromEnvironment.settings;
}

export const withSettings = <T>(settings: BatonSettings, work: () => T): T => invocation.run(settings, work);

/** The process's settings outside any invocation: the local runtime sets them at start; undefined goes back to the environment. */
export function useProcessSettings(settings: BatonSettings | undefined): void {
  processSettings = settings;
}

/** The settings in force: the invocation's (a local runtime's), else the process's, else the environment's. */
export function currentSettings(): BatonSettings {
  return invocation.getStore() ?? processSettings ?? environmentSettings();
}

function required<T>(value: T | undefined, variable: string): T {
  if (value === undefined) throw new MissingConfigurationError(`Environment variable ${variable} is required but not set.`);
  return value;
}

/** Read-only views of the settings in force, as every handler and data module reads them. */
export const config = {
  tableName: () => required(currentSettings().tableName, 'BATON_TABLE_NAME'),
  dynamodbEndpoint: () => currentSettings().dynamodbEndpoint,
  stepFunctionsEndpoint: () => currentSettings().stepFunctionsEndpoint,
  region: () => currentSettings().region,
  localCredentials: () => required(currentSettings().localCredentials, 'BATON_LOCAL_ACCESS_KEY_ID'),
  stateMachineArns: (): Record<string, string> => required(currentSettings().stateMachineArns, 'BATON_STATE_MACHINE_ARNS'),
  timeFactor: () => currentSettings().timeFactor,
  workflowsDir: () => currentSettings().workflowsDir,
  edgeSecret: () => currentSettings().edgeSecret,
  identity: () => required(currentSettings().identity, 'BATON_IDENTITY_ENDPOINT'),
  siteUrl: () => required(currentSettings().siteUrl, 'BATON_SITE_URL').replace(/\/+$/, ''),
  mail: {
    smtpUrl: () => currentSettings().mail.smtpUrl,
    sender: () => currentSettings().mail.sender,
    configurationSet: () => currentSettings().mail.configurationSet,
  },
  mode: () => currentSettings().mode,
};
