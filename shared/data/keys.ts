// Single-table keys, one builder per item type (see ACCESS-PATTERNS.md).

export const keys = {
  customer: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'CUSTOMER' }),
  customerByEmail: (email: string) => ({ pk: `EMAIL#${email}`, sk: 'EMAIL' }),
  issue: (issueId: string) => ({ pk: `ISSUE#${issueId}`, sk: 'ISSUE' }),
  event: (issueId: string, seq: number) => ({ pk: `ISSUE#${issueId}`, sk: `EVENT#${String(seq).padStart(6, '0')}` }),
  eventsOf: (issueId: string) => ({ pk: `ISSUE#${issueId}`, skPrefix: 'EVENT#' }),
  tracking: (trackingCodeHash: string) => ({ pk: `TRACKING#${trackingCodeHash}`, sk: 'TRACKING' }),
};

/** Index keys an issue carries: the customer's issues (gsi1), newest last. */
export const issueIndexKeys = (issue: { customerId: string; createdAt: string; issueId: string }) => ({
  gsi1pk: `CUSTOMER#${issue.customerId}`,
  gsi1sk: `ISSUE#${issue.createdAt}#${issue.issueId}`,
});
