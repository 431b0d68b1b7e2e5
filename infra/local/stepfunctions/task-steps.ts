// Runs Task and Wait steps for the interpreter: invokes Lambdas, waits for task tokens, retries, times out,
// and journals every result so a restarted endpoint replays the step instead of running it twice.
import { now } from '#shared/clock.ts';
import { createHash } from 'node:crypto';
import type { AslObject } from './asl-walk.ts';
import { fillTaskContext } from './definition-rewrite.ts';
import { afterPendingCallbacks, sleepUntil, timerAt, unlessInterrupted } from './durable-timers.ts';
import { taskEvents } from './history-events.ts';
import { dataLimitExceeded, evaluatePath, ExecutionInterrupted, isStatesTimeout, statesTimeout, StepFailure } from './interpreter.ts';
import type { ExecutionJournal, StepOutcome, StoredExecution } from './journal.ts';
import { exceedsPayloadLimit } from './limits.ts';
import { deferred } from './promise-with-resolvers.ts';
import { classifyTaskResource, type TaskResource } from './task-resources.ts';
import { issueTaskToken, type TaskTokenRegistry } from './task-tokens.ts';

/** Identifies one Lambda invocation; the same values come back when a step is re-run after a crash, so use them as an idempotency key. */
export interface LambdaInvocation {
  executionArn: string;
  stateName: string;
  /** Counts every invocation of this state in this execution (retries and loops alike), from 0. */
  attempt: number;
  /** `$$.State.RetryCount`: retries of the current state entry, from 0. */
  retryCount: number;
  /** Unique per execution, state and attempt (and Map item); stable across restarts. */
  idempotencyKey: string;
}

export type InvokeLambda = (functionName: string, payload: unknown, invocation: LambdaInvocation) => Promise<unknown>;

/** What a step needs from the execution that runs it. */
export interface StepHost {
  readonly execution: StoredExecution;
  readonly journal: ExecutionJournal;
  readonly tokens: TaskTokenRegistry;
  readonly invokeLambda: InvokeLambda;
  readonly timeFactor: number;
  readonly region: string;
  /** Aborted when the execution stops or the endpoint closes. */
  readonly signal: AbortSignal;
  /** Next number for this state (and Map item); deterministic, so a replay finds the same journal keys. */
  nextAttempt(stateName: string, scope: string): number;
  /** Marks that the replay got back to a step that was still open when the endpoint went down. */
  reached(key: string): void;
}

interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

const scopeOf = (insideMap: boolean, input: unknown): string =>
  insideMap ? createHash('sha256').update(JSON.stringify(input ?? null)).digest('hex').slice(0, 12) : '';

const stepKey = (stateName: string, scope: string, attempt: number): string => `${stateName}${scope ? `[${scope}]` : ''}#${attempt}`;

const startOnce = (journal: ExecutionJournal, key: string): number => {
  const recorded = journal.attemptStarts.get(key);
  if (recorded !== undefined) return recorded;
  const at = now();
  journal.append({ t: 'attempt', key, at });
  return at;
};

const failureOutcome = (error: unknown): StepOutcome => {
  const thrown = error instanceof Error ? error : new Error(String(error));
  const errorType = thrown.name || 'Error';
  if (thrown instanceof StepFailure) return { error: errorType, cause: thrown.message };
  return { error: errorType, cause: JSON.stringify({ errorMessage: thrown.message, errorType, trace: thrown.stack?.split('\n') ?? [] }) };
};

const toThrown = (outcome: Extract<StepOutcome, { error: string }>): Error =>
  outcome.timedOut
    ? statesTimeout(outcome.cause)
    : new StepFailure(outcome.error, outcome.cause, { terminal: outcome.error === 'States.DataLimitExceeded' });

const matchesRetrier = (retrier: Retrier, error: Error): boolean =>
  retrier.ErrorEquals.some(
    (name) => name === error.name || name === 'States.ALL' || (name === 'States.TaskFailed' && !isStatesTimeout(error)),
  );

/** Milliseconds to pause before the next attempt, or undefined when no retrier applies (AWS defaults: 1 s, x2, 3 attempts). */
const retryDelay = (retriers: Retrier[], used: number[], error: Error, timeFactor: number): number | undefined => {
  if ((error as { isRetryable?: boolean }).isRetryable === false) return undefined;
  const index = retriers.findIndex((retrier) => matchesRetrier(retrier, error));
  const retrier = retriers[index];
  if (!retrier) return undefined;
  const attempts = used[index] ?? 0;
  if (attempts >= (retrier.MaxAttempts ?? 3)) return undefined;
  used[index] = attempts + 1;
  let seconds = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** attempts;
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds = Math.random() * seconds;
  return seconds * 1000 * timeFactor;
};

/** Sleeps until a journaled due time; on replay a finished pause is skipped and an unfinished one waits only the rest. */
const pauseDurably = async (host: StepHost, key: string, computeDueAt: () => Promise<number> | number): Promise<void> => {
  if (host.journal.outcomes.has(key)) return;
  let dueAt = host.journal.dueTimes.get(key);
  if (dueAt === undefined) {
    dueAt = await computeDueAt();
    host.journal.append({ t: 'due', key, at: dueAt });
  }
  host.reached(key);
  await sleepUntil(dueAt, host.signal);
  host.journal.append({ t: 'outcome', key, outcome: { result: null } });
};

interface Attempt {
  host: StepHost;
  stateName: string;
  state: AslObject;
  resource: TaskResource;
  key: string;
  startedAt: number;
  parameters: unknown;
  invocation: LambdaInvocation;
  token: string | undefined;
}

const functionCall = (attempt: Attempt): { functionName: string; payload: unknown } => {
  const { resource, parameters } = attempt;
  if (resource.kind === 'lambda-function') return { functionName: resource.functionArn, payload: parameters };
  const fields = (typeof parameters === 'object' && parameters !== null ? parameters : {}) as Record<string, unknown>;
  if (typeof fields.FunctionName !== 'string') {
    throw new StepFailure('States.Runtime', `The Parameters of state '${attempt.stateName}' do not name a FunctionName`, { terminal: true });
  }
  return { functionName: fields.FunctionName, payload: fields.Payload ?? {} };
};

/** Invokes the attempt's Lambda; undefined when the execution was interrupted before it could be invoked. */
const invokeForOutcome = async (attempt: Attempt): Promise<StepOutcome | undefined> => {
  const { functionName, payload } = functionCall(attempt);
  if (exceedsPayloadLimit(payload)) return failureOutcome(dataLimitExceeded('Lambda payload'));
  const { host } = attempt;
  try {
    // The Lambda acts on what the journal holds (its task token, the attempt, earlier outcomes): put it on disk first.
    await host.journal.durable();
    if (host.signal.aborted) return undefined;
    const returned = (await attempt.host.invokeLambda(functionName, payload, attempt.invocation)) ?? null;
    if (exceedsPayloadLimit(returned)) return failureOutcome(dataLimitExceeded('state/task returned a result with a size exceeding the maximum'));
    return {
      result: attempt.resource.kind === 'lambda-invoke' ? { ExecutedVersion: '$LATEST', Payload: returned, StatusCode: 200 } : returned,
    };
  } catch (error) {
    return failureOutcome(error);
  }
};

const timeoutOutcome = (cause: string): StepOutcome => ({ error: 'States.Timeout', cause, timedOut: true });

const secondsOf = (state: AslObject, field: 'TimeoutSeconds' | 'HeartbeatSeconds'): number | undefined =>
  typeof state[field] === 'number' ? state[field] : undefined;

/** Runs one attempt live: invoke (and for callbacks, wait for the token's answer) racing the timeouts. Journals the outcome. */
const runLive = (attempt: Attempt): Promise<StepOutcome> => {
  const { host, key, state, startedAt } = attempt;
  const timeoutSeconds = secondsOf(state, 'TimeoutSeconds');
  const heartbeatSeconds = secondsOf(state, 'HeartbeatSeconds');
  const { promise, resolve } = deferred<StepOutcome>();
  const cancels: Array<() => void> = [];
  let settled = false;
  const settle = (outcome: StepOutcome): void => {
    if (settled) return;
    settled = true;
    cancels.forEach((cancel) => cancel());
    host.journal.append({ t: 'outcome', key, outcome });
    resolve(outcome);
  };
  if (timeoutSeconds !== undefined) {
    cancels.push(timerAt(startedAt + timeoutSeconds * 1000 * host.timeFactor, () => settle(timeoutOutcome('The task timed out.'))));
  }
  const { token } = attempt;
  if (token !== undefined) {
    let cancelHeartbeat = (): void => undefined;
    const armHeartbeat = (from: number): void => {
      if (heartbeatSeconds === undefined) return;
      cancelHeartbeat();
      cancelHeartbeat = timerAt(from + heartbeatSeconds * 1000 * host.timeFactor, () =>
        settle(timeoutOutcome('The task did not send a heartbeat in time.')),
      );
    };
    cancels.push(() => cancelHeartbeat());
    armHeartbeat(host.journal.heartbeats.get(key) ?? startedAt);
    cancels.push(
      host.tokens.awaitAnswer(token, {
        succeed: (output) => {
          settle(exceedsPayloadLimit(output) ? failureOutcome(dataLimitExceeded('task output')) : { result: output });
          return host.journal.durable();
        },
        fail: (error, cause) => {
          settle({ error, cause });
          return host.journal.durable();
        },
        heartbeat: () => {
          const at = now();
          host.journal.append({ t: 'heartbeat', key, at });
          armHeartbeat(at);
          return host.journal.durable();
        },
      }),
    );
  }
  host.reached(key);
  if (token === undefined) {
    void invokeForOutcome(attempt).then((outcome) => outcome && settle(outcome));
  } else if (!host.journal.invoked.has(key)) {
    void invokeForOutcome(attempt).then((outcome) => {
      if (outcome === undefined) return;
      if ('error' in outcome) return settle(outcome);
      if (settled) return;
      host.journal.append({ t: 'invoked', key });
      const submitted = taskEvents(attempt.resource, host.region).submitted;
      if (submitted) host.journal.appendEvent(`${key}:submitted`, submitted(outcome.result));
    });
  }
  return unlessInterrupted(promise, host.signal).finally(() => {
    if (!settled) cancels.forEach((cancel) => cancel());
  }) as Promise<StepOutcome>;
};

const runAttempt = async (attempt: Attempt): Promise<unknown> => {
  const { host, key, resource, state } = attempt;
  const events = taskEvents(resource, host.region);
  // Let the interpreter's StateEntered reach the history before this step's own events.
  await afterPendingCallbacks();
  if (host.signal.aborted) throw new ExecutionInterrupted();
  host.journal.appendEvent(`${key}:scheduled`, events.scheduled(attempt.parameters, secondsOf(state, 'TimeoutSeconds'), secondsOf(state, 'HeartbeatSeconds')));
  host.journal.appendEvent(`${key}:started`, events.started());
  const outcome = host.journal.outcomes.get(key) ?? (await runLive(attempt));
  if ('result' in outcome) {
    host.journal.appendEvent(`${key}:outcome`, events.succeeded(outcome.result));
    return outcome.result;
  }
  const recordOutcome = outcome.timedOut ? events.timedOut : events.failed;
  host.journal.appendEvent(`${key}:outcome`, recordOutcome(outcome.error, outcome.cause));
  throw toThrown(outcome);
};

/** The interpreter's handler for a Task state: `effectiveInput` is its Parameters, with context placeholders still in. */
export const runTaskStep = async (host: StepHost, stateName: string, state: AslObject, effectiveInput: unknown, insideMap: boolean): Promise<unknown> => {
  const resource = classifyTaskResource(state.Resource);
  if (!resource) throw new StepFailure('States.Runtime', `Unsupported resource in state '${stateName}'`, { terminal: true });
  const scope = scopeOf(insideMap, effectiveInput);
  const retriers = (Array.isArray(state.Retry) ? state.Retry : []) as Retrier[];
  const retriersUsed = retriers.map(() => 0);
  let enteredAt: number | undefined;
  for (let retryCount = 0; ; retryCount += 1) {
    if (host.signal.aborted) throw new ExecutionInterrupted();
    const attemptNumber = host.nextAttempt(stateName, scope);
    const key = stepKey(stateName, scope, attemptNumber);
    const startedAt = startOnce(host.journal, key);
    enteredAt ??= startedAt;
    let token: string | undefined;
    if (resource.kind === 'lambda-callback') {
      token = host.journal.tokens.get(key);
      if (token === undefined) {
        token = issueTaskToken();
        host.journal.append({ t: 'token', key, token });
      }
    }
    const invocation: LambdaInvocation = {
      executionArn: host.execution.executionArn,
      stateName,
      attempt: attemptNumber,
      retryCount,
      idempotencyKey: `${host.execution.executionArn}#${key}`,
    };
    const parameters = fillTaskContext(effectiveInput, { token, enteredTime: new Date(enteredAt).toISOString(), retryCount });
    try {
      return await runAttempt({ host, stateName, state, resource, key, startedAt, parameters, invocation, token });
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      const delayMs = retryDelay(retriers, retriersUsed, error, host.timeFactor);
      if (delayMs === undefined) throw error;
      await pauseDurably(host, `${key}:retry`, () => now() + delayMs);
    }
  }
};

const waitDueAt = async (state: AslObject, input: unknown, timeFactor: number): Promise<number> => {
  const fromSeconds = (seconds: unknown): number => {
    if (typeof seconds !== 'number' || seconds < 0) throw new StepFailure('States.Runtime', 'The Wait duration is not a non-negative number', { terminal: true });
    return now() + seconds * 1000 * timeFactor;
  };
  const fromTimestamp = (timestamp: unknown): number => {
    const at = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(at)) throw new StepFailure('States.Runtime', 'The Wait timestamp is not an ISO-8601 timestamp', { terminal: true });
    return at;
  };
  if (state.Seconds !== undefined) return fromSeconds(state.Seconds);
  if (state.Timestamp !== undefined) return fromTimestamp(state.Timestamp);
  if (typeof state.SecondsPath === 'string') return fromSeconds(await evaluatePath(state.SecondsPath, input));
  if (typeof state.TimestampPath === 'string') return fromTimestamp(await evaluatePath(state.TimestampPath, input));
  return now();
};

/** The interpreter's handler for a Wait state (run as a Task): Seconds are scaled by the time factor, Timestamps are not. */
export const runWaitStep = async (host: StepHost, stateName: string, state: AslObject, input: unknown, insideMap: boolean): Promise<unknown> => {
  const scope = scopeOf(insideMap, input);
  const key = stepKey(stateName, scope, host.nextAttempt(stateName, scope));
  await pauseDurably(host, key, () => waitDueAt(state, input, host.timeFactor));
  return input;
};
