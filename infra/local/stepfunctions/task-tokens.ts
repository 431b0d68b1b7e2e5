// Task tokens for `.waitForTaskToken`: issuing them, and finding the waiting task a SendTask* call answers.
import { randomBytes } from 'node:crypto';
import { ServiceError } from './service-errors.ts';

const TOKEN_BYTES = 96;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{128}$/;

/** Opaque, URL-safe and unguessable: 96 random bytes, base64url. */
export const issueTaskToken = (): string => randomBytes(TOKEN_BYTES).toString('base64url');

export const isWellFormedTaskToken = (token: string): boolean => TOKEN_SHAPE.test(token);

/** The waiting task's side of a token; each method journals the answer and resolves once it is on disk, so acknowledge only then. */
export interface TaskWaiter {
  succeed(output: unknown): Promise<void>;
  fail(error: string, cause: string): Promise<void>;
  heartbeat(): Promise<void>;
}

export class TaskTokenRegistry {
  private readonly issued = new Set<string>();
  private readonly waiting = new Map<string, TaskWaiter>();

  /** Tokens of every journaled execution, closed ones included, so a late answer is told the task timed out. */
  remember(token: string): void {
    this.issued.add(token);
  }

  /** Makes the token answerable until the returned release function is called. */
  awaitAnswer(token: string, waiter: TaskWaiter): () => void {
    this.issued.add(token);
    this.waiting.set(token, waiter);
    return () => {
      if (this.waiting.get(token) === waiter) this.waiting.delete(token);
    };
  }

  waiterFor(token: string): TaskWaiter {
    if (!isWellFormedTaskToken(token)) throw new ServiceError('InvalidToken', 'Invalid Token: malformed task token');
    const waiter = this.waiting.get(token);
    if (waiter) return waiter;
    if (this.issued.has(token)) throw new ServiceError('TaskTimedOut', 'Task Timed Out: the task is no longer waiting for this token');
    throw new ServiceError('TaskDoesNotExist', 'Task Does Not Exist: no task was issued this token');
  }
}
