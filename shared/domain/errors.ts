// What the domain and data code refuse, as domain classes: they say what went wrong in business terms
// and carry a stable code the UI translates. They know nothing of HTTP; one middleware
// (shared/http/middleware.ts) gives each its status, so the same refusal reads the same on every route.

/** One field a request got wrong: its path in the body, a stable code, a sentence. */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export abstract class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing asked for does not exist (or the caller may not know that it does). */
export class NotFoundError extends DomainError {
  constructor(message = 'Not found.') {
    super('not_found', message);
  }
}

/** The caller may not do this to this thing, whatever its state. */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** What the caller sent breaks a rule; each problem names its field. */
export class InvalidInputError extends DomainError {
  constructor(readonly details: FieldProblem[]) {
    super('invalid_request', `Invalid request: ${details.map((d) => d.field || '(body)').join(', ')}.`);
  }
}

/** The state changed under the caller, or is not one this change can start from. */
export class ConflictError extends DomainError {}

/** A task another person already holds. */
export class AlreadyClaimedError extends ConflictError {
  constructor() {
    super('already_claimed', 'Someone else already holds this task.');
  }
}

/** The change does not apply to the state the thing is in (a finished task, an unclaimed one…). */
export class InvalidTransitionError extends ConflictError {}

/** The same request key came back with a different request: not a repeat, and not a new request either. */
export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super('idempotency_key_reused', 'This Idempotency-Key was already used with a different request body.');
  }
}
