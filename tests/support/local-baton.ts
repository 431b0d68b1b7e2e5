// Starts the real local runtime for a test file and offers the calls a person's browser would make.
import { rmSync } from 'node:fs';
import { GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { MovableClock } from '#infra/local/clock/movable-clock.ts';
import { config } from '#shared/config.ts';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '#infra/local/runtime.ts';
import { typedApi, type TypedApi } from './typed-api.ts';
import { signInAt } from './sign-in.ts';
import { tempDataDir } from './sample-data.ts';

// Kept apart so that tests of a Baton in another process sign in and submit without loading the runtime.
export { localIdentityClient, signInAt } from './sign-in.ts';
export { sampleIssue, tempDataDir } from './sample-data.ts';

export interface TestBaton extends LocalRuntime {
  /** The runtime's clock: tests move it (`baton.clock.advance(ms)`) to let SLAs, reminders and waits run out, instead of sleeping. */
  clock: MovableClock;
  request(method: string, route: string, options?: { body?: unknown; token?: string; headers?: Record<string, string>; rawBody?: string }): Promise<{ status: number; body: any; headers: Headers }>;
  /** The same calls, typed from each route's response schema and checked against it (tests/support/typed-api.ts). */
  api: TypedApi;
  login(username: string, password?: string): Promise<string>;
  /** Stops the runtime and removes its data folder. */
  dispose(): Promise<void>;
}

/**
 * The run's shared DynamoDB Local (tests/support/shared-dynamodb.ts). None outside vitest (the bench, the
 * screenshots), where importing vitest itself throws: it is imported only inside a vitest worker.
 */
async function sharedDynamoDb(): Promise<LocalRuntimeOptions['dynamodb']> {
  if (!process.env.VITEST) return undefined;
  const { inject } = await import('vitest');
  return inject('sharedDynamoDb');
}

export async function startTestBaton(options: Partial<LocalRuntimeOptions> = {}): Promise<TestBaton> {
  const dataDir = options.dataDir ?? tempDataDir();
  const clock = new MovableClock();
  // In memory (the default) the runtime uses the run's shared JVM; on disk (restart tests) it starts its own.
  const dynamodb = options.inMemory === false ? undefined : await sharedDynamoDb();
  const runtime = await startLocalRuntime({ inMemory: true, port: 0, seed: false, dynamodb, ...options, dataDir, clock });
  const request: TestBaton['request'] = async (method, route, { body, token, headers = {}, rawBody } = {}) => {
    const response = await fetch(`${runtime.url}${route}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(rawBody !== undefined ? { body: rawBody } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    ...runtime,
    clock,
    request,
    api: typedApi(request),
    login: (username, password = 'baton') => signInAt(runtime.url, username, password),
    async dispose() {
      await runtime.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TaskView {
  taskId: string;
  step: string;
  department: string;
  status: string;
  claimedBy?: string;
  outcomes: Array<{ id: string }>;
}

/** Waits until the issue has a task matching `match` (flows run asynchronously after each action). */
export async function waitForTask(
  baton: TestBaton,
  token: string,
  issueId: string,
  match: (task: TaskView) => boolean,
  timeoutMs = 20_000,
): Promise<TaskView> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const response = await baton.request('GET', `/api/issues/${issueId}`, { token });
    last = response.body;
    const found = (response.body?.tasks as TaskView[] | undefined)?.find(match);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No matching task on ${issueId} within ${timeoutMs} ms. Last issue view: ${JSON.stringify(last).slice(0, 2000)}`);
}

/** Waits until the issue view satisfies `done`. */
export async function waitForIssue(baton: TestBaton, token: string, issueId: string, done: (view: any) => boolean, timeoutMs = 20_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    last = (await baton.request('GET', `/api/issues/${issueId}`, { token })).body;
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Issue ${issueId} did not reach the expected state within ${timeoutMs} ms. Last: ${JSON.stringify(last).slice(0, 2000)}`);
}

/**
 * Waits until the issue's flow rests: its newest history event is `TaskSubmitted`, a human step handed out and waiting
 * for the person's answer. Until then the flow may still be writing (the task appears before its step has finished).
 */
export async function waitForFlowAtRest(baton: TestBaton, flowId: string, issueId: string, timeoutMs = 20_000): Promise<void> {
  const stateMachineArn = config.stateMachineArns()[flowId];
  if (!stateMachineArn) throw new Error(`No state machine for flow ${flowId}.`);
  const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${issueId}`;
  const client = new SFNClient({ endpoint: baton.endpoints.stepfunctions, region: config.region(), credentials: baton.credentials });
  const deadline = Date.now() + timeoutMs;
  let newest: string | undefined;
  while (Date.now() < deadline) {
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }));
    newest = history.events?.[0]?.type;
    if (newest === 'TaskSubmitted') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The flow of ${issueId} did not come to rest within ${timeoutMs} ms; its newest event: ${newest}.`);
}
