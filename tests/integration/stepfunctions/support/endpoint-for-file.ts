// A test file's own Step Functions endpoint, with vitest's hooks (kept apart from endpoint-harness.ts,
// which the endpoint's child process imports outside vitest).
import { afterAll, beforeAll } from 'vitest';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Clock } from '#shared/clock.ts';
import { startStepFunctionsEndpoint, type InvokeLambda, type StepFunctionsEndpoint } from '../../../../infra/local/stepfunctions/index.ts';
import { fixture, newDataDir, sfnClient } from './endpoint-harness.ts';
import type { LocalCredentials } from '../../../../infra/local/local-credentials.ts';

/** The endpoint a test file runs against: started before its tests (fresh data folder), closed after them. */
export interface FileEndpoint {
  client: SFNClient;
  url: string;
  credentials: LocalCredentials;
}

export function endpointForFile(options: { timeFactor?: number; clock?: Clock; invokeLambda: InvokeLambda; stateMachines: Record<string, string> }): FileEndpoint {
  const handle = {} as FileEndpoint;
  let endpoint: StepFunctionsEndpoint | undefined;
  beforeAll(async () => {
    endpoint = await startStepFunctionsEndpoint({
      dataDir: newDataDir(),
      ...(options.timeFactor !== undefined ? { timeFactor: options.timeFactor } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      invokeLambda: options.invokeLambda,
      stateMachines: Object.entries(options.stateMachines).map(([name, file]) => ({ name, definition: fixture(file) })),
    });
    await endpoint.ready;
    handle.url = endpoint.url;
    handle.credentials = endpoint.credentials;
    handle.client = sfnClient(endpoint);
  });
  afterAll(async () => {
    await endpoint?.close();
  });
  return handle;
}
