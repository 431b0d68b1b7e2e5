// The durable, append-only record of one execution: one fsync'd JSON line per fact, replayed on restart.
import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What StartExecution fixed for good: the definition travels with the execution so it resumes on the one it started with. */
export interface StoredExecution {
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  name: string;
  input: string;
  definition: string;
  roleArn: string;
  startDate: number;
}

/** A history event as the service shapes it, minus `id`/`previousEventId` (assigned in journal order); timestamp in epoch ms. */
export interface HistoryEventBody {
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

export interface HistoryEvent extends HistoryEventBody {
  id: number;
  previousEventId: number;
}

export type StepOutcome = { result: unknown } | { error: string; cause: string; timedOut?: boolean };

export interface ExecutionClosing {
  status: Exclude<ExecutionStatus, 'RUNNING'>;
  stopDate: number;
  output?: string;
  error?: string;
  cause?: string;
}

/**
 * One line of `${dataDir}/stepfunctions/executions/<file>.jsonl`. Keys name one step attempt
 * (`<state>#<n>`, `<state>[<item hash>]#<n>` inside a Map, `<state>#<n>:retry` for a retry pause).
 */
export type JournalEntry =
  | { t: 'start'; execution: StoredExecution }
  | { t: 'event'; key: string; event: HistoryEventBody }
  | { t: 'attempt'; key: string; at: number }
  | { t: 'token'; key: string; token: string }
  | { t: 'invoked'; key: string }
  | { t: 'heartbeat'; key: string; at: number }
  | { t: 'due'; key: string; at: number }
  | { t: 'outcome'; key: string; outcome: StepOutcome }
  | { t: 'close'; closing: ExecutionClosing };

const fileNameFor = (execution: StoredExecution): string => {
  const readable = `${execution.stateMachineName}.${execution.name}`.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 120);
  const digest = createHash('sha256').update(execution.executionArn).digest('hex').slice(0, 16);
  return `${readable}.${digest}.jsonl`;
};

export class ExecutionJournal {
  readonly events: HistoryEvent[] = [];
  readonly attemptStarts = new Map<string, number>();
  readonly tokens = new Map<string, string>();
  readonly invoked = new Set<string>();
  readonly heartbeats = new Map<string, number>();
  readonly dueTimes = new Map<string, number>();
  readonly outcomes = new Map<string, StepOutcome>();
  closing: ExecutionClosing | undefined;
  private readonly eventKeys = new Set<string>();
  private fd: number | undefined;
  private detached = false;

  private constructor(
    private readonly path: string,
    readonly execution: StoredExecution,
  ) {}

  static create(directory: string, execution: StoredExecution): ExecutionJournal {
    mkdirSync(directory, { recursive: true });
    const journal = new ExecutionJournal(join(directory, fileNameFor(execution)), execution);
    journal.fd = openSync(journal.path, 'wx');
    journal.append({ t: 'start', execution });
    const directoryFd = openSync(directory, 'r');
    try {
      fsyncSync(directoryFd);
    } finally {
      closeSync(directoryFd);
    }
    return journal;
  }

  static loadAll(directory: string): ExecutionJournal[] {
    mkdirSync(directory, { recursive: true });
    return readdirSync(directory)
      .filter((file) => file.endsWith('.jsonl'))
      .sort()
      .flatMap((file) => {
        const journal = ExecutionJournal.load(join(directory, file));
        return journal ? [journal] : [];
      });
  }

  private static load(path: string): ExecutionJournal | undefined {
    const text = readFileSync(path, 'utf8');
    const completeText = text.slice(0, text.lastIndexOf('\n') + 1);
    // A kill -9 can leave half a line: drop it so the next append starts clean.
    if (completeText.length !== text.length) {
      const fd = openSync(path, 'r+');
      try {
        ftruncateSync(fd, Buffer.byteLength(completeText));
      } finally {
        closeSync(fd);
      }
    }
    const entries = completeText
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as JournalEntry);
    const [first, ...rest] = entries;
    if (first?.t !== 'start') return undefined;
    const journal = new ExecutionJournal(path, first.execution);
    for (const entry of rest) journal.apply(entry);
    return journal;
  }

  get status(): ExecutionStatus {
    return this.closing?.status ?? 'RUNNING';
  }

  hasEvent(key: string): boolean {
    return this.eventKeys.has(key);
  }

  /** Writes and fsyncs one fact, then applies it. A detached journal (endpoint closed) records nothing more. */
  append(entry: JournalEntry): void {
    if (this.detached) return;
    this.fd ??= openSync(this.path, 'a');
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(this.fd);
    this.apply(entry);
  }

  /** Appends a history event once per key: replaying a step re-emits its events, and the key keeps them single. */
  appendEvent(key: string, event: HistoryEventBody): void {
    if (this.eventKeys.has(key) || this.closing) return;
    this.append({ t: 'event', key, event });
  }

  detach(): void {
    this.detached = true;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private apply(entry: JournalEntry): void {
    switch (entry.t) {
      case 'start':
        return;
      case 'event': {
        const id = this.events.length + 1;
        this.eventKeys.add(entry.key);
        this.events.push({ ...entry.event, id, previousEventId: id - 1 });
        return;
      }
      case 'attempt':
        this.attemptStarts.set(entry.key, entry.at);
        return;
      case 'token':
        this.tokens.set(entry.key, entry.token);
        return;
      case 'invoked':
        this.invoked.add(entry.key);
        return;
      case 'heartbeat':
        this.heartbeats.set(entry.key, entry.at);
        return;
      case 'due':
        this.dueTimes.set(entry.key, entry.at);
        return;
      case 'outcome':
        this.outcomes.set(entry.key, entry.outcome);
        return;
      case 'close':
        this.closing = entry.closing;
        return;
    }
  }
}
