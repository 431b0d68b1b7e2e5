// Single-table keys, one builder per item type (see ACCESS-PATTERNS.md).

export const keys = {
  customer: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'CUSTOMER' }),
  customerByEmail: (email: string) => ({ pk: `EMAIL#${email}`, sk: 'EMAIL' }),
  issue: (issueId: string) => ({ pk: `ISSUE#${issueId}`, sk: 'ISSUE' }),
  event: (issueId: string, seq: number) => ({ pk: `ISSUE#${issueId}`, sk: `EVENT#${String(seq).padStart(6, '0')}` }),
  eventsOf: (issueId: string) => ({ pk: `ISSUE#${issueId}`, skPrefix: 'EVENT#' }),
  tracking: (trackingCodeHash: string) => ({ pk: `TRACKING#${trackingCodeHash}`, sk: 'TRACKING' }),
};

/** Order references are matched case-insensitively and without surrounding spaces. */
export const normaliseOrderRef = (orderRef: string) => orderRef.trim().toUpperCase();

/** gsi3 on issues: the issues in one status, oldest first (kept in step with `status` by changeIssue). */
export const issueStatusKeys = (issue: { status: string; createdAt: string; issueId: string }) => ({
  gsi3pk: `ISSUES#${issue.status}`,
  gsi3sk: `${issue.createdAt}#${issue.issueId}`,
});

/** Index keys an issue carries: the customer's issues (gsi1), by status (gsi3), by order reference (gsi4). */
export const issueIndexKeys = (issue: { customerId: string; createdAt: string; issueId: string; status: string; orderRef?: string }) => ({
  gsi1pk: `CUSTOMER#${issue.customerId}`,
  gsi1sk: `ISSUE#${issue.createdAt}#${issue.issueId}`,
  ...issueStatusKeys(issue),
  ...(issue.orderRef ? { gsi4pk: `ORDER#${normaliseOrderRef(issue.orderRef)}`, gsi4sk: `${issue.createdAt}#${issue.issueId}` } : {}),
});

/** gsi2: issues whose Step Functions execution has not been confirmed as started (repair list). */
export const pendingExecutionKeys = (issueId: string, createdAt: string) => ({
  gsi2pk: 'EXECUTION#PENDING',
  gsi2sk: `${createdAt}#${issueId}`,
});

export const taskKeys = {
  task: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' }),
  /** gsi1: a department's active tasks, ordered by due time. */
  queue: (department: string) => `QUEUE#${department}`,
  /** gsi2: the tasks one person holds, ordered by due time. */
  holder: (username: string) => `HOLDER#${username}`,
  /** gsi2: completions whose callback has not yet been confirmed by Step Functions. */
  pendingCallbacks: 'CALLBACK#PENDING',
  /** gsi3: an issue's tasks in the order they opened. */
  ofIssue: (issueId: string) => `ISSUE#${issueId}`,
};

/** Write-sharded step counters for the process map (see ACCESS-PATTERNS.md). */
export const statsKeys = {
  shardCount: 10,
  shard: (flowId: string, shard: number) => ({ pk: `STEPSTATS#${flowId}`, sk: `SHARD#${String(shard).padStart(2, '0')}` }),
  flow: (flowId: string) => `STEPSTATS#${flowId}`,
};

/**
 * Rate-limit counters (see shared/http/RATE-LIMITS.md): one item per rule, client and frame (a frame
 * is one window long and holds that window's per-bucket counts as attributes `b<bucket>`).
 */
export const rateKeys = {
  frame: (rule: string, client: string, frame: number) => ({ pk: `RATE#${rule}#${client}`, sk: `FRAME#${frame}` }),
};

/** A step waiting for the customer's reply: one item per issue and step (see ACCESS-PATTERNS.md). */
export const customerWaitKeys = {
  wait: (issueId: string, step: string) => ({ pk: `CUSTOMERWAIT#${issueId}`, sk: `STEP#${step}` }),
  ofIssue: (issueId: string) => `CUSTOMERWAIT#${issueId}`,
  /** gsi2: replies stored but not yet confirmed by Step Functions (repair). */
  pendingReplies: 'REPLY#PENDING',
};

/**
 * Suggestions from staff and managers ("tell us what Baton should do for you"): append-only, newest
 * read first. One partition: a handful a day, never a hot key.
 */
export const feedbackKeys = {
  partition: 'FEEDBACK',
  item: (createdAt: string, feedbackId: string) => ({ pk: 'FEEDBACK', sk: `${createdAt}#${feedbackId}` }),
};
