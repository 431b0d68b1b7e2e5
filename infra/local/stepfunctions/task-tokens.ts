// Task tokens for `.waitForTaskToken`: issuing them, and finding the waiting task a SendTask* call answers.
import { randomBytes } from 'node:crypto';
import { ServiceError } from './service-errors.ts';

/**
 * As long as the service's own tokens, so that what Baton stores and sends per token costs here what it
 * costs on AWS (tests/bench/README.md, "Task tokens"): AWS's are opaque base64 of several hundred
 * characters (664 to 684 in the published examples that README names; at most 1,024 by the API's
 * `taskToken` constraint). 513 random bytes are 684 base64 characters, the longest seen.
 */
const TOKEN_BYTES = 513;
export const taskTokenLength = Math.ceil(TOKEN_BYTES / 3) * 4;
const TOKEN_SHAPE = new RegExp(`^[A-Za-z0-9+/]{${taskTokenLength}}$`);
/** Tokens this endpoint issued before they were AWS's length (96 bytes, base64url): still journaled in older data folders. */
const EARLIER_TOKEN_SHAPE = /^[A-Za-z0-9_-]{128}$/;

/** Opaque and unguessable: random bytes, base64 like the service's. */
export const issueTaskToken = (): string => randomBytes(TOKEN_BYTES).toString('base64');

export const isWellFormedTaskToken = (token: string): boolean => TOKEN_SHAPE.test(token) || EARLIER_TOKEN_SHAPE.test(token);

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
