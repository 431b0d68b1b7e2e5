// "AWS in a box": DynamoDB Local, the local identity and the local API Gateway, wired together
// with the same handlers and table definition the AWS stack deploys.
import path from 'node:path';
import { routes } from '#shared/api/routes.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '#infra/local/dynamodb/dynamodb-local.ts';
import { lockDataFolder } from '#infra/local/data-folder-lock.ts';
import { createOwnerOnly, restrictToOwner } from '#infra/local/owner-only.ts';
import { ensureTable } from '#infra/local/ensure-table.ts';
import { createLocalIdentity, useLocalIdentity } from '#infra/local/identity/local-identity.ts';
import { startLocalApi, type LocalApi } from '#infra/local/http/local-api.ts';
import { projectRoot } from '#infra/local/lambda/load-handler.ts';
import { startLocalFlows, type LocalFlows } from '#infra/local/flows/local-step-functions.ts';
import { repairPendingWork } from '#shared/flows/repair.ts';
import type { FlowId } from '#shared/flows/catalog.ts';
import { seedDemoIssues } from '#infra/local/seed-demo.ts';
import { localCredentials, localRegion, type LocalCredentials } from '#infra/local/local-credentials.ts';

export interface LocalRuntimeOptions {
  dataDir: string;
  port?: number;
  /** Tests that never restart may keep DynamoDB in memory. */
  inMemory?: boolean;
  tableName?: string;
  /** Shortens SLAs (TimeoutSeconds), heartbeats and Waits for demos and tests; 1 = real time. */
  timeFactor?: number;
  /** Where the flow files are read from; default: the project's workflows/. */
  workflowsDir?: string;
  /** Submit the demo issues on a data folder's first run (`npm start -- --no-seed` turns it off). */
  seed?: boolean;
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
  stop(): Promise<void>;
}

export const localIdentityIssuer = 'urn:baton:local-identity';

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
  const stop = async () => {
    ready = false;
    await api?.close();
    await flows?.endpoint.close();
    await dynamodb?.stop();
    lock.release();
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
    flows = await startLocalFlows({ dataDir, timeFactor, workflowsDir: options.workflowsDir });
    Object.assign(process.env, {
      BATON_STEPFUNCTIONS_ENDPOINT: flows.endpoint.url,
      BATON_STATE_MACHINE_ARNS: JSON.stringify(flows.stateMachineArns),
      BATON_TIME_FACTOR: String(timeFactor),
      BATON_WORKFLOWS_DIR: options.workflowsDir ?? path.join(projectRoot, 'workflows'),
    });
    const identity = await createLocalIdentity({ dataDir, issuer: localIdentityIssuer });
    useLocalIdentity(identity);
    api = await startLocalApi({
      port: options.port ?? 3000,
      routes,
      identity,
      webRoot: path.join(projectRoot, 'web', 'dist'),
      isReady: () => ready,
    });
    await flows.endpoint.ready;
    // Nothing is in flight at start-up: every pending start or callback is one a crash interrupted.
    await repairPendingWork();
    if (options.seed) await seedDemoIssues(Object.keys(flows.stateMachineArns) as FlowId[]);
    ready = true;
    return {
      url: api.url,
      dataDir,
      endpoints: { dynamodb: dynamodb.endpoint, stepfunctions: flows.endpoint.url },
      credentials,
      region: localRegion,
      dynamodbPid: dynamodb.pid,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
