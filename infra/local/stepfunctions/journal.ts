// The durable, append-only record of one execution: one JSON line per fact, replayed on restart.
// Facts are written at once (so their order is the order of `append`) and fsync'd off the event loop by `durable()`.
import { closeSync, fsync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
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
  private closed: Promise<void> | undefined;
  /** Facts written to the file, and how many of them a completed fsync covers. */
  private written = 0;
  private synced = 0;
  /** The fsync in flight, shared by every `durable()` caller that arrives while it runs (group commit). */
  private syncing: Promise<void> | undefined;
  private syncFailure: Error | undefined;
  /** A new file's directory entry must be fsync'd too, or a crash can lose the whole file. */
  private directoryToSync: string | undefined;

  private constructor(
    private readonly path: string,
    readonly execution: StoredExecution,
  ) {}

  static create(directory: string, execution: StoredExecution): ExecutionJournal {
    mkdirSync(directory, { recursive: true });
    const journal = new ExecutionJournal(join(directory, fileNameFor(execution)), execution);
    journal.fd = openSync(journal.path, 'wx');
    journal.directoryToSync = directory;
    journal.append({ t: 'start', execution });
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

  /**
   * Writes one fact (not yet fsync'd: see `durable`), then applies it. A detached journal (endpoint closed) records nothing more.
   * The write is synchronous so the file keeps the order of `append` calls and a kill -9 (the page cache survives it) loses nothing.
   */
  append(entry: JournalEntry): void {
    if (this.detached) return;
    this.fd ??= openSync(this.path, 'a');
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    this.written += 1;
    this.apply(entry);
  }

  /**
   * Resolves once every fact appended so far is on disk. Await it before anything outside the endpoint can depend on
   * those facts (an API answer, a Lambda invocation). The fsync runs on the libuv threadpool, and callers arriving while
   * one runs share the next one.
   */
  async durable(): Promise<void> {
    // After a failed fsync the kernel may have dropped the unwritten pages, and a later fsync can
    // report success without them: this journal can no longer promise durability.
    if (this.syncFailure) throw this.syncFailure;
    const target = this.written;
    while (this.synced < target) {
      this.syncing ??= this.sync();
      await this.syncing;
    }
  }

  private async sync(): Promise<void> {
    // Facts written while this fsync runs may or may not be covered: count only those written before it started.
    const covers = this.written;
    const directory = this.directoryToSync;
    try {
      const fd = this.fd;
      if (fd === undefined) throw new Error(`Journal ${this.path} is closed with facts not yet on disk`);
      await new Promise<void>((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
      if (directory !== undefined) {
        const handle = await open(directory, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        this.directoryToSync = undefined;
      }
      this.synced = Math.max(this.synced, covers);
    } catch (error) {
      this.syncFailure = error as Error;
      throw error;
    } finally {
      this.syncing = undefined;
    }
  }

  /** Appends a history event once per key: replaying a step re-emits its events, and the key keeps them single. */
  appendEvent(key: string, event: HistoryEventBody): void {
    if (this.eventKeys.has(key) || this.closing) return;
    this.append({ t: 'event', key, event });
  }

  /** Records nothing more; facts already written still get their fsync, and the file is closed after it (never under one in flight). */
  detach(): Promise<void> {
    this.detached = true;
    this.closed ??= this.durable().finally(() => {
      if (this.fd !== undefined) closeSync(this.fd);
      this.fd = undefined;
    });
    return this.closed;
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
