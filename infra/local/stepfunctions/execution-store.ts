// All executions, running and closed: starts them, resumes them from their journals, answers Describe/List/History/Stop.
import { now } from '#shared/clock.ts';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ExecutionRunner, type RunnerServices } from './execution-runner.ts';
import { executionEvents } from './history-events.ts';
import { ExecutionJournal, type ExecutionStatus, type HistoryEvent, type StoredExecution } from './journal.ts';
import { MAX_PAYLOAD_BYTES, payloadBytes } from './limits.ts';
import { executionDoesNotExist, ServiceError, stateMachineDoesNotExist } from './service-errors.ts';
import { assertValidName, type Arns, type RegisteredStateMachine, type StateMachineRegistry } from './state-machine-registry.ts';

export class ExecutionStore {
  private readonly journals = new Map<string, ExecutionJournal>();
  private readonly runners = new Map<string, ExecutionRunner>();
  private readonly directory: string;

  constructor(
    dataDir: string,
    private readonly registry: StateMachineRegistry,
    private readonly arns: Arns,
    private readonly services: RunnerServices,
  ) {
    this.directory = join(dataDir, 'stepfunctions', 'executions');
  }

  /** Loads every journal and replays the running executions; resolves once each is back where it was waiting. */
  async resumeAll(): Promise<void> {
    for (const journal of ExecutionJournal.loadAll(this.directory)) {
      this.journals.set(journal.execution.executionArn, journal);
      for (const token of journal.tokens.values()) this.services.tokens.remember(token);
      if (journal.status === 'RUNNING') this.run(journal);
    }
    await Promise.all([...this.runners.values()].map((runner) => runner.resumed));
  }

  /** Resolves once the execution's start is on disk: the caller may act on the answer at once. */
  async start(machine: RegisteredStateMachine, request: { name?: string; input?: string }): Promise<StoredExecution> {
    const input = request.input ?? '{}';
    const name = request.name ?? randomUUID();
    assertValidName(name);
    if (payloadBytes(input) > MAX_PAYLOAD_BYTES) {
      throw new ServiceError('InvalidExecutionInput', `Invalid Execution Input: the input exceeds the maximum size of ${MAX_PAYLOAD_BYTES} bytes`);
    }
    try {
      JSON.parse(input);
    } catch {
      throw new ServiceError('InvalidExecutionInput', 'Invalid Execution Input: the input is not valid JSON');
    }
    const executionArn = this.arns.execution(machine.name, name);
    const existing = this.journals.get(executionArn);
    if (existing) {
      // As on AWS: the same name and input while it runs is the same execution; anything else is a conflict.
      if (existing.status === 'RUNNING' && existing.execution.input === input) {
        // It may have been started a moment ago, its start not yet on disk.
        await existing.durable();
        return existing.execution;
      }
      throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const execution: StoredExecution = {
      executionArn,
      stateMachineArn: machine.stateMachineArn,
      stateMachineName: machine.name,
      name,
      input,
      definition: machine.definition,
      roleArn: machine.roleArn,
      startDate: now(),
    };
    const journal = ExecutionJournal.create(this.directory, execution);
    journal.appendEvent('execution:started', executionEvents.started(execution));
    this.journals.set(executionArn, journal);
    this.run(journal);
    await journal.durable();
    return execution;
  }

  get(executionArn: string): ExecutionJournal {
    const journal = this.journals.get(executionArn);
    if (!journal) throw executionDoesNotExist(executionArn);
    return journal;
  }

  list(stateMachineArn: string, statusFilter?: ExecutionStatus): ExecutionJournal[] {
    const all = [...this.journals.values()].filter((journal) => journal.execution.stateMachineArn === stateMachineArn);
    if (all.length === 0 && !this.registry.has(stateMachineArn)) throw stateMachineDoesNotExist(stateMachineArn);
    return all
      .filter((journal) => statusFilter === undefined || journal.status === statusFilter)
      .sort((a, b) => b.execution.startDate - a.execution.startDate);
  }

  history(executionArn: string): HistoryEvent[] {
    return this.get(executionArn).events;
  }

  /** Resolves once the close is on disk. */
  async stop(executionArn: string, error?: string, cause?: string): Promise<number> {
    const journal = this.get(executionArn);
    if (journal.status !== 'RUNNING') {
      throw new ServiceError('ValidationException', `Execution Already Closed: '${executionArn}'`);
    }
    this.runners.get(executionArn)?.stop(error, cause);
    await journal.durable();
    return journal.closing?.stopDate ?? now();
  }

  /** Leaves every running execution where it is (journaled and fsync'd), for the next start to resume. */
  async close(): Promise<void> {
    await Promise.all([...this.runners.values()].map((runner) => runner.abandon()));
    await Promise.all([...this.journals.values()].map((journal) => journal.detach()));
  }

  private run(journal: ExecutionJournal): void {
    const runner = new ExecutionRunner(journal, this.services);
    this.runners.set(journal.execution.executionArn, runner);
    void runner.finished.then(() => {
      if (this.runners.get(journal.execution.executionArn) === runner) this.runners.delete(journal.execution.executionArn);
    });
    runner.start();
  }
}
