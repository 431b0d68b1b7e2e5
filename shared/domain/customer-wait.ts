// A step waiting for the customer's reply (see shared/data/customer-waits.ts for how it is stored):
// its shape, and what the issue looks like while it waits.
export type WaitKind = 'question' | 'reminder';

/** What the flow's "Ask the customer …" / "Remind the customer …" state hands its step Lambda. */
export interface CustomerWaitStep {
  taskToken: string;
  executionArn: string;
  issueId: string;
  stateName: string;
  enteredAt: string;
  attempt: number;
  /** The step that asked (its id in the flow). */
  step: string;
  /** The task completed with `ask_customer`: it holds the question. */
  askedIn: string;
  kind: WaitKind;
}

export interface CustomerWait {
  issueId: string;
  step: string;
  /** Execution + state + entry + attempt: a re-run step Lambda finds its own wait and does nothing twice. */
  entryKey: string;
  taskToken: string;
  executionArn: string;
  stateName: string;
  status: 'waiting' | 'answered' | 'ended';
  question: string;
  department?: string;
  askedIn: string;
  askedAt: string;
  answeredAt?: string;
  endedAt?: string;
  /** Read from the item: an answer stored and not yet confirmed as taken by the flow (the pending-reply list). */
  pendingReply?: boolean;
}

/** A reply to hand to the flow: the token never leaves the backend. */
export interface PendingReply {
  issueId: string;
  step: string;
  entryKey: string;
  taskToken: string;
}
