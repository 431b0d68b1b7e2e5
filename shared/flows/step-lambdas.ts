// The Lambdas a flow's Task states call, by the `${Placeholder}` the ASL files use. Read by the CDK
// stack (definitionSubstitutions) and by the local runtime (in-process invocation).

export const stepLambdas = {
  OpenTaskFunction: { id: 'OpenTask', entry: 'functions/steps/open-task.ts' },
  CloseTaskFunction: { id: 'CloseTask', entry: 'functions/steps/close-task.ts' },
  CloseIssueFunction: { id: 'CloseIssue', entry: 'functions/steps/close-issue.ts' },
  RecordFlowVersionFunction: { id: 'RecordFlowVersion', entry: 'functions/steps/record-flow-version.ts' },
  RecordRerouteFunction: { id: 'RecordReroute', entry: 'functions/steps/record-reroute.ts' },
  // Answers its own wait when the customer's reply arrived while the reminder was being sent.
  WaitForCustomerFunction: { id: 'WaitForCustomer', entry: 'functions/steps/wait-for-customer.ts', answersTasks: true },
  EndCustomerWaitFunction: { id: 'EndCustomerWait', entry: 'functions/steps/end-customer-wait.ts' },
} as const satisfies Record<string, { id: string; entry: string; answersTasks?: boolean }>;

export type StepLambdaPlaceholder = keyof typeof stepLambdas;
