// Drives one execution through aws-local-stepfunctions, live or replaying its journal after a restart, and closes it.
import { now, nowIso } from '#shared/clock.ts';
import { afterPendingCallbacks, timerAt } from './durable-timers.ts';
import { deferred } from './promise-with-resolvers.ts';
import { preparedDefinitionOf, TASK_CONTEXT_PLACEHOLDERS } from './definition-rewrite.ts';
import { runFailStep } from './fail-step.ts';
import { executionEvents, InterpreterEventTranslator, type InterpreterEvent } from './history-events.ts';
import { ExecutionError, ExecutionInterrupted, StateMachine } from './interpreter.ts';
import type { ExecutionClosing, ExecutionJournal, HistoryEventBody, StoredExecution } from './journal.ts';
import { exceedsPayloadLimit } from './limits.ts';
import { runTaskStep, runWaitStep, type InvokeLambda, type StepHost } from './task-steps.ts';
import type { TaskTokenRegistry } from './task-tokens.ts';

export interface RunnerServices {
  tokens: TaskTokenRegistry;
  invokeLambda: InvokeLambda;
  timeFactor: number;
  region: string;
}

// If a replay never gets back to a step that was open (say, a branch that was cancelled), stop waiting for it.
const RESUME_PATIENCE_MS = 5_000;

const interpreterContext = (execution: StoredExecution, stateNamesById: Record<string, string>) => ({
  BatonExecution: {
    Id: execution.executionArn,
    Input: JSON.parse(execution.input) as unknown,
    Name: execution.name,
    RoleArn: execution.roleArn,
    StartTime: new Date(execution.startDate).toISOString(),
    RedriveCount: 0,
  },
  StateMachine: { Id: execution.stateMachineArn, Name: execution.stateMachineName },
  Task: { Token: TASK_CONTEXT_PLACEHOLDERS.token },
  BatonTask: { EnteredTime: TASK_CONTEXT_PLACEHOLDERS.enteredTime, RetryCount: TASK_CONTEXT_PLACEHOLDERS.retryCount, NoRetry: 0 },
  BatonStateNames: stateNamesById,
  BatonClock: {
    get Now(): string {
      return nowIso();
    },
  },
});

export class ExecutionRunner implements StepHost {
  readonly signal: AbortSignal;
  readonly resumed: Promise<void>;
  private readonly controller = new AbortController();
  private readonly attempts = new Map<string, number>();
  private readonly openSteps: Set<string>;
  private readonly resumedLatch = deferred<void>();
  private readonly finishedLatch = deferred<void>();
  private cancels: Array<() => void> = [];
  private abortInterpreter: () => void = () => undefined;

  constructor(
    readonly journal: ExecutionJournal,
    private readonly services: RunnerServices,
  ) {
    this.signal = this.controller.signal;
    this.resumed = this.resumedLatch.promise;
    const { attemptStarts, dueTimes, outcomes } = journal;
    this.openSteps = new Set([...attemptStarts.keys(), ...dueTimes.keys()].filter((key) => !outcomes.has(key)));
  }

  get execution(): StoredExecution {
    return this.journal.execution;
  }
  get tokens(): TaskTokenRegistry {
    return this.services.tokens;
  }
  get invokeLambda(): InvokeLambda {
    return this.services.invokeLambda;
  }
  get timeFactor(): number {
    return this.services.timeFactor;
  }
  get region(): string {
    return this.services.region;
  }
  get finished(): Promise<void> {
    return this.finishedLatch.promise;
  }

  nextAttempt(stateName: string, scope: string): number {
    const counter = `${stateName}[${scope}]`;
    const next = this.attempts.get(counter) ?? 0;
    this.attempts.set(counter, next + 1);
    return next;
  }

  reached(key: string): void {
    if (this.openSteps.delete(key) && this.openSteps.size === 0) this.resumedLatch.resolve();
  }

  /** Starts (or, with a journal that already has steps, replays then continues) the execution. */
  start(): void {
    const prepared = preparedDefinitionOf(this.execution.definition);
    const handlers = Object.fromEntries(
      [...prepared.states.values()].flatMap(({ name, state, insideMap }) => {
        if (state.Type === 'Task') return [[name, (input: unknown) => runTaskStep(this, name, state, input, insideMap) as Promise<never>]];
        if (state.Type === 'Wait') return [[name, (input: unknown) => runWaitStep(this, name, state, input, insideMap) as Promise<never>]];
        // Only the Fail states the rewrite turned into Tasks ever call this.
        if (state.Type === 'Fail') return [[name, runFailStep]];
        return [];
      }),
    );
    // A copy: the preparation is shared by every execution of the definition, and the package is not ours to trust with it.
    const machine = new StateMachine(structuredClone(prepared.interpreterDefinition), { validationOptions: { noValidate: true } });
    const run = machine.run(JSON.parse(this.execution.input), {
      overrides: { taskResourceLocalHandlers: handlers },
      context: interpreterContext(this.execution, prepared.stateNamesById),
      noThrowOnAbort: true,
    });
    this.abortInterpreter = run.abort;

    const translator = new InterpreterEventTranslator((name) => prepared.states.get(name)?.state);
    const historyWritten = (async () => {
      for await (const interpreterEvent of run.eventLogs) {
        for (const [key, event] of await translator.translate(interpreterEvent as InterpreterEvent)) this.journal.appendEvent(key, event);
      }
    })();

    if (prepared.executionTimeoutSeconds !== undefined) {
      const deadline = this.execution.startDate + prepared.executionTimeoutSeconds * 1000 * this.timeFactor;
      this.cancels.push(timerAt(deadline, () => this.close({ status: 'TIMED_OUT', error: 'States.Timeout' }, executionEvents.timedOut())));
    }
    if (this.openSteps.size === 0) this.resumedLatch.resolve();
    const patience = setTimeout(() => this.resumedLatch.resolve(), RESUME_PATIENCE_MS);
    this.cancels.push(() => clearTimeout(patience));

    void run.result
      .then(
        async (output) => {
          await historyWritten;
          if (this.signal.aborted) return;
          if (exceedsPayloadLimit(output)) {
            const cause = 'The state/task returned a result with a size exceeding the maximum number of bytes service limit.';
            return this.close({ status: 'FAILED', error: 'States.DataLimitExceeded', cause }, executionEvents.failed('States.DataLimitExceeded', cause));
          }
          const serialized = JSON.stringify(output ?? null);
          this.close({ status: 'SUCCEEDED', output: serialized }, executionEvents.succeeded(serialized));
        },
        async (error: unknown) => {
          await Promise.race([historyWritten, afterPendingCallbacks()]);
          const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : (error as Error);
          if (this.signal.aborted || failure instanceof ExecutionInterrupted) return;
          const cause = failure.message ?? '';
          this.close({ status: 'FAILED', error: failure.name, cause }, executionEvents.failed(failure.name, cause));
        },
      )
      .finally(() => {
        this.halt();
        this.finishedLatch.resolve();
      });
  }

  /** StopExecution. */
  stop(error?: string, cause?: string): void {
    this.close(
      { status: 'ABORTED', ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) },
      executionEvents.aborted(error, cause),
    );
  }

  /** The endpoint is closing: stop without recording anything, so the next start resumes from the journal. */
  async abandon(): Promise<void> {
    const detached = this.journal.detach();
    this.halt();
    await this.finished;
    await detached;
  }

  private close(closing: Omit<ExecutionClosing, 'stopDate'>, finalEvent: HistoryEventBody): void {
    if (this.journal.closing) return;
    this.journal.appendEvent('execution:closed', finalEvent);
    this.journal.append({ t: 'close', closing: { ...closing, stopDate: now() } });
    this.halt();
  }

  private halt(): void {
    this.controller.abort();
    this.abortInterpreter();
    this.cancels.forEach((cancel) => cancel());
    this.cancels = [];
    this.resumedLatch.resolve();
  }
}
