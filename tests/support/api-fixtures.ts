// Issues and task work for the API tests: every issue its own customer and order, so no submission
// is attached to another one (intake attaches a repeat for the same customer and order).
import { randomUUID } from 'node:crypto';
import { sampleIssue, waitForFlowAtRest, waitForIssue, waitForTask, type TaskView, type TestBaton } from './local-baton.ts';

export function uniqueIssue(overrides: Record<string, unknown> = {}) {
  const id = randomUUID().slice(0, 8);
  return sampleIssue({
    customer: { name: `Customer ${id}`, email: `customer-${id}@example.com`, phone: '+86 10 1234 5678', company: 'Acme' },
    orderRef: `PO-${id}`,
    ...overrides,
  });
}

export interface SubmittedIssue {
  issueId: string;
  trackingCode: string;
  email: string;
  orderRef: string;
}

/**
 * Submits a fresh issue and waits for its first task (service triage) to open and for its flow to rest there (waiting
 * for the person's answer), so a test that counts what is stored afterwards counts nothing the flow still writes.
 */
export async function submitAndTriage(baton: TestBaton, staffToken: string, overrides: Record<string, unknown> = {}) {
  const body = uniqueIssue(overrides);
  const response = await baton.request('POST', '/api/issues', { body });
  if (response.status !== 201) throw new Error(`submit failed: ${response.status} ${JSON.stringify(response.body)}`);
  const issue: SubmittedIssue = { ...response.body, email: body.customer.email, orderRef: body.orderRef as string };
  const triage = await waitForTask(baton, staffToken, issue.issueId, (task) => task.step === 'triage' && task.status === 'open');
  await waitForFlowAtRest(baton, String(body.category), issue.issueId);
  return { issue, triage };
}

export const packet = (summary: string) => ({ summary, done: 'The work', promised: 'An update within a day' });

/** Claims and completes a task with an outcome, as its department would. */
export async function work(baton: TestBaton, token: string, task: Pick<TaskView, 'taskId'>, outcome: string, fields: Record<string, unknown>) {
  const claimed = await baton.request('POST', `/api/tasks/${task.taskId}/claim`, { token });
  if (claimed.status !== 200) throw new Error(`claim failed: ${claimed.status} ${JSON.stringify(claimed.body)}`);
  const completed = await baton.request('POST', `/api/tasks/${task.taskId}/complete`, { token, body: { outcome, fields, packet: packet(outcome) } });
  if (completed.status !== 200) throw new Error(`complete failed: ${completed.status} ${JSON.stringify(completed.body)}`);
  return completed;
}

/** Closes a billing dispute the shortest way: sales finds the charge right, service tells the customer. */
export async function closeBillingDispute(baton: TestBaton, tokens: { sales: string; service: string }, issueId: string) {
  await work(baton, tokens.sales, await waitForTask(baton, tokens.sales, issueId, openTaskOf('review')), 'no_credit', { explanation: 'The charge is right' });
  await work(baton, tokens.service, await waitForTask(baton, tokens.service, issueId, openTaskOf('inform-decision')), 'customer_informed', { message: 'Explained the charge' });
  await waitForIssue(baton, tokens.service, issueId, (view) => view.issue.status === 'closed');
}

export const triageDone = { outcome: 'confirmed_defect', fields: { findings: 'Bearing worn out' } } as const;
export const openTaskOf = (step: string) => (task: TaskView) => task.step === step && task.status === 'open';
