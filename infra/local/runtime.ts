// "AWS in a box": DynamoDB Local, the local identity and the local API Gateway, wired together
// with the same handlers and table definition the AWS stack deploys.
import path from 'node:path';
import { routes } from '#shared/api/routes.ts';
import { systemClock, useClock, type Clock } from '#shared/clock.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '#infra/local/dynamodb/dynamodb-local.ts';
import { lockDataFolder } from '#infra/local/data-folder-lock.ts';
import { createOwnerOnly, restrictToOwner } from '#infra/local/owner-only.ts';
import { ensureTable } from '#infra/local/ensure-table.ts';
import { createLocalIdentity, localClientId, localUserPoolId, useLocalIdentity } from '#infra/local/identity/local-identity.ts';
import { startLocalApi, type LocalApi } from '#infra/local/http/local-api.ts';
import { projectRoot } from '#infra/local/lambda/load-handler.ts';
import { startLocalFlows, type LocalFlows } from '#infra/local/flows/local-step-functions.ts';
import { inFlightGraceMs, repairPendingWork } from '#shared/flows/repair.ts';
import { warnTasksAboutToBreach } from '#shared/data/sla-warnings.ts';
import { logger } from '#shared/logger.ts';
import type { FlowId } from '#shared/flows/catalog.ts';
import { seedDemoIssues } from '#infra/local/seed-demo.ts';
import { localCredentials, localRegion, type LocalCredentials } from '#infra/local/local-credentials.ts';
import { startLocalMailServer, type LocalMailServer } from '#infra/local/mail/local-mail-server.ts';
import { inboxKeyOf, inboxPages, inboxPath } from '#infra/local/mail/inbox-page.ts';
import { startStreamReader, type StreamReader } from '#infra/local/streams/stream-reader.ts';
import { handler as sendOutbox } from '#functions/notifications/send-outbox.ts';
import { handler as sweepOutbox } from '#functions/notifications/sweep-outbox.ts';

export interface LocalRuntimeOptions {
  dataDir: string;
  port?: number;
  /** Tests that never restart may keep DynamoDB in memory. */
  inMemory?: boolean;
  tableName?: string;
  /** Shortens SLAs (TimeoutSeconds), heartbeats and Waits for demos (`npm start`); 1 = real time. Tests move `clock` instead. */
  timeFactor?: number;
  /** The clock of the handlers and the flows (shared/clock.ts); default: the system clock. Tests pass a MovableClock. */
  clock?: Clock;
  /** Where the flow files are read from; default: the project's workflows/. */
  workflowsDir?: string;
  /** Submit the demo issues on a data folder's first run (`npm start -- --no-seed` turns it off). */
  seed?: boolean;
  /** How often the repair runs while the runtime is up (the AWS sweeper's schedule); default 5 minutes. */
  repairEveryMs?: number;
  /**
   * Send the outbox (read the table's stream, sweep at start and on the repair schedule); default true.
   * Off only to leave messages unsent on purpose (the crash tests); `BATON_OUTBOX_SENDER=off` for `npm start`.
   */
  sendOutbox?: boolean;
}

export interface LocalRuntime {
  url: string;
  dataDir: string;
  endpoints: { dynamodb: string; stepfunctions: string };
  /**
   * The data folder's generated key: the Step Functions endpoint refuses requests not signed with it, and
   * DynamoDB Local shows Baton's table only to callers using its key id.
   */
  credentials: LocalCredentials;
  region: string;
  dynamodbPid: number;
  /** The local mail server: where Baton's e-mail goes, and the inbox page's address (with its key). */
  mail: { smtpUrl: string; inboxUrl: string; messages: LocalMailServer['messages'] };
  stop(): Promise<void>;
}

export const localIdentityIssuer = 'urn:baton:local-identity';
/** The local identity's endpoint on the local server (the route LocalIdentity); the AWS SDK adds the trailing "/". */
export const localIdentityPath = '/api/auth/cognito';

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const dataDir = path.resolve(options.dataDir);
  const tableName = options.tableName ?? 'baton';
  createOwnerOnly();
  restrictToOwner(dataDir);
  const lock = lockDataFolder(dataDir);
  let dynamodb: DynamoDbLocal | undefined;
  let api: LocalApi | undefined;
  let flows: LocalFlows | undefined;
  let ready = false;
  let sweeps: NodeJS.Timeout | undefined;
  let mail: LocalMailServer | undefined;
  let stream: StreamReader | undefined;
  const stop = async () => {
    ready = false;
    clearInterval(sweeps);
    await stream?.stop();
    await api?.close();
    await mail?.close();
    await flows?.endpoint.close();
    await dynamodb?.stop();
    lock.release();
    useClock(systemClock);
  };
  try {
    const credentials = localCredentials(dataDir);
    dynamodb = await startDynamoDbLocal(
      options.inMemory ? {} : { dbPath: path.join(dataDir, 'dynamodb'), owner: { accessKeyId: credentials.accessKeyId, region: localRegion } },
    );
    lock.recordJvm(dynamodb.pid);
    // The handlers read these exactly as they read their Lambda environment on AWS.
    Object.assign(process.env, {
      BATON_MODE: 'local',
      BATON_TABLE_NAME: tableName,
      BATON_DYNAMODB_ENDPOINT: dynamodb.endpoint,
      // One region for every local part: the endpoint checks signatures for it.
      AWS_REGION: localRegion,
      BATON_LOCAL_ACCESS_KEY_ID: credentials.accessKeyId,
      BATON_LOCAL_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    });
    await ensureTable(dynamodb.endpoint, tableName, { region: localRegion, credentials });
    const timeFactor = options.timeFactor ?? 1;
    // Before any handler or flow asks what time it is.
    useClock(options.clock ?? systemClock);
    flows = await startLocalFlows({ dataDir, timeFactor, workflowsDir: options.workflowsDir });
    Object.assign(process.env, {
      BATON_STEPFUNCTIONS_ENDPOINT: flows.endpoint.url,
      BATON_STATE_MACHINE_ARNS: JSON.stringify(flows.stateMachineArns),
      BATON_TIME_FACTOR: String(timeFactor),
      BATON_WORKFLOWS_DIR: options.workflowsDir ?? path.join(projectRoot, 'workflows'),
    });
    const identity = await createLocalIdentity({ dataDir, issuer: localIdentityIssuer });
    useLocalIdentity(identity);
    // The browser signs in against the local identity's endpoint on this same server (same origin).
    Object.assign(process.env, {
      // The route's own path: the SDK adds the "/" to its endpoint, the browser posts where it is told.
      BATON_IDENTITY_ENDPOINT: `${localIdentityPath}/`,
      BATON_USER_POOL_ID: localUserPoolId,
      BATON_USER_POOL_CLIENT_ID: localClientId,
    });
    mail = await startLocalMailServer(dataDir);
    const inboxKey = inboxKeyOf(credentials.secretAccessKey);
    api = await startLocalApi({
      port: options.port ?? 3000,
      routes,
      identity,
      webRoot: path.join(projectRoot, 'web', 'dist'),
      isReady: () => ready,
      localPages: inboxPages(mail, inboxKey),
    });
    // The sender's configuration, as the CDK stack gives its Lambda: where mail goes, where links point.
    Object.assign(process.env, { BATON_SMTP_URL: mail.smtpUrl, BATON_SITE_URL: api.url });
    await flows.endpoint.ready;
    // Nothing is in flight at start-up: every pending start or callback is one a crash interrupted,
    // and every running execution is checked against the task items.
    await repairPendingWork(new Date().toISOString(), { everyExecution: true });
    const sendsOutbox = options.sendOutbox ?? true;
    if (sendsOutbox) {
      // The stream first, then the sweep: a message written in between is seen by one or both, and sent once.
      stream = await startStreamReader({ endpoint: dynamodb.endpoint, region: localRegion, credentials, tableName, handler: sendOutbox });
      await sweepOutbox();
    }
    let sweeping = false;
    sweeps = setInterval(() => {
      if (sweeping) return;
      sweeping = true;
      repairPendingWork(new Date(Date.now() - inFlightGraceMs).toISOString())
        .then(() => warnTasksAboutToBreach())
        .then(() => (sendsOutbox ? sweepOutbox() : undefined))
        .catch((error: Error) => logger.error('scheduled repair failed', { error }))
        .finally(() => (sweeping = false));
    }, options.repairEveryMs ?? 5 * 60 * 1000);
    sweeps.unref();
    if (options.seed) await seedDemoIssues(Object.keys(flows.stateMachineArns) as FlowId[]);
    ready = true;
    return {
      url: api.url,
      dataDir,
      endpoints: { dynamodb: dynamodb.endpoint, stepfunctions: flows.endpoint.url },
      credentials,
      region: localRegion,
      dynamodbPid: dynamodb.pid,
      mail: { smtpUrl: mail.smtpUrl, inboxUrl: `${api.url}${inboxPath}?key=${inboxKey}`, messages: mail.messages },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
