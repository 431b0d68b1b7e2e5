// The repair settles what DynamoDB alone cannot tell by asking Step Functions what happened (the
// execution's history, a heartbeat on the token), never by guessing from TaskTimedOut. Each test
// leaves the state a crash leaves behind, then runs the same repair the runtime and the sweeper run.
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { taskEntity } from '#shared/data/entities/task.ts';
import { readTask, readTaskWithToken } from '#shared/data/task-items.ts';
import { repairPendingWork } from '#shared/flows/repair.ts';
import { queueSubscribersEntity } from '#shared/data/entities/staff-profile.ts';
import { adoptEveryQueue } from '#shared/data/staff-profile.ts';
import { mailTo } from '../../support/inbox.ts';
import { sampleIssue, startTestBaton, waitForIssue, waitForTask, type TaskView, type TestBaton } from '../../support/local-baton.ts';

let baton: TestBaton;
let service: string;

beforeAll(async () => {
  baton = await startTestBaton();
  service = await baton.login('service');
}, 120_000);
afterAll(async () => {
  await baton?.dispose();
});

const openTaskOf = (step: string) => (task: TaskView) => task.step === step && task.status === 'open';
const typesOf = (view: { events: Array<{ type: string }> }) => view.events.map((event) => event.type);

async function issueAtTriage(orderRef: string) {
  const submitted = await baton.request('POST', '/api/issues', { body: sampleIssue({ orderRef }) });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  const { issueId } = submitted.body;
  const triage = await waitForTask(baton, service, issueId, openTaskOf('triage'));
  return { issueId, triage };
}

async function complete(taskId: string) {
  expect((await baton.request('POST', `/api/tasks/${taskId}/claim`, { token: service })).status).toBe(200);
  const body = { outcome: 'confirmed_defect', fields: { findings: 'Worn bearing' }, packet: { summary: 'Defect' } };
  expect((await baton.request('POST', `/api/tasks/${taskId}/complete`, { token: service, body })).status).toBe(200);
}

describe('settling by what Step Functions actually did', { timeout: 120_000 }, () => {
  it('a completion the flow took just before a crash (confirmation lost) is confirmed from the history, not filed late', async () => {
    // Prepare: the flow took the completion (it moved on to the next steps)...
    const { issueId, triage } = await issueAtTriage('PO-7001');
    await complete(triage.taskId);
    await waitForTask(baton, service, issueId, openTaskOf('root-cause'));
    // ...but the crash came before confirmCallback: the completion is still on the pending list.
    const stored = await readTask(triage.taskId);
    if (!stored) throw new Error('The completed task is gone.');
    await documentClient().send(new PutCommand({ TableName: config.tableName(), Item: taskEntity.item(stored, stored.closedAt) }));
    // Act
    const report = await repairPendingWork();
    // Assess: the re-sent callback is refused (TaskTimedOut), yet the history shows the flow took it.
    expect({ confirmed: report.completionsConfirmed, late: report.completionsSettled }).toEqual({ confirmed: 1, late: 0 });
    const view = (await baton.request('GET', `/api/issues/${issueId}`, { token: service })).body;
    expect(typesOf(view)).toContain('completion_confirmed');
    expect(typesOf(view)).not.toContain('late_completion');
    expect(view.tasks.find((task: TaskView) => task.taskId === triage.taskId).status).toBe('completed');
    expect((await readTask(triage.taskId))?.callbackPending).toBeUndefined();
  });

  it('a step the flow waits on whose task item was lost is opened again with the same task id, and the flow goes on', async () => {
    // Prepare: the crash lost the task item the flow's human step wrote.
    const { issueId, triage } = await issueAtTriage('PO-7002');
    await documentClient().send(new DeleteCommand({ TableName: config.tableName(), Key: taskEntity.key(triage.taskId) }));
    // Act: the scheduled sweep (not the start-up one): the issue has nothing open, so its history is read.
    const report = await repairPendingWork();
    // Assess
    expect(report.tasksRestored).toBe(1);
    const restored = await waitForTask(baton, service, issueId, openTaskOf('triage'));
    expect(restored.taskId).toBe(triage.taskId);
    expect(typesOf((await baton.request('GET', `/api/issues/${issueId}`, { token: service })).body)).toContain('task_restored');
    await complete(triage.taskId);
    await waitForTask(baton, service, issueId, openTaskOf('root-cause'));
    // A second sweep finds nothing to do: the invariant holds.
    expect((await repairPendingWork()).tasksRestored).toBe(0);
  });

  it('a task stored under the id an earlier Baton gave it (no issue part) is found: an upgrade opens no second task', async () => {
    // Prepare: the table an earlier Baton wrote, whose task ids were `tsk-<step digest>` only.
    const { issueId, triage } = await issueAtTriage('PO-7004');
    const stored = await readTask(triage.taskId);
    if (!stored) throw new Error('The task is gone.');
    const earlierId = `tsk-${triage.taskId.slice(-26)}`;
    await documentClient().send(new DeleteCommand({ TableName: config.tableName(), Key: taskEntity.key(triage.taskId) }));
    await documentClient().send(new PutCommand({ TableName: config.tableName(), Item: taskEntity.item({ ...stored, taskId: earlierId }) }));
    // Act: the start-up repair, which reads every running execution's history.
    const report = await repairPendingWork(undefined, { everyExecution: true });
    // Assess: the step has its task; none was opened beside it.
    expect(report.tasksRestored).toBe(0);
    const view = (await baton.request('GET', `/api/issues/${issueId}`, { token: service })).body;
    expect(view.tasks.filter(openTaskOf('triage')).map((task: TaskView) => task.taskId)).toEqual([earlierId]);
    expect(typesOf(view)).not.toContain('task_restored');
  });

  it('a task an earlier Baton stored with its token inline (no token item) keeps it through a claim, and its completion reaches the flow', async () => {
    // Prepare: the item as it was before tokens had an item of their own.
    const { issueId, triage } = await issueAtTriage('PO-7005');
    const stored = await readTaskWithToken(triage.taskId);
    if (!stored) throw new Error('The task is gone.');
    await documentClient().send(new PutCommand({ TableName: config.tableName(), Item: { ...taskEntity.item(stored), taskToken: stored.taskToken } }));
    await documentClient().send(new DeleteCommand({ TableName: config.tableName(), Key: taskEntity.token.key(triage.taskId) }));
    // Act
    await complete(triage.taskId);
    // Assess: the flow took the completion, and the rewritten item still holds its token.
    await waitForTask(baton, service, issueId, openTaskOf('root-cause'));
    expect((await readTaskWithToken(triage.taskId))?.taskToken).toBe(stored.taskToken);
    expect((await readTask(triage.taskId))?.callbackPending).toBeUndefined();
  });

  it('an open task whose execution no longer waits on it is closed, and the repair is recorded', async () => {
    // Prepare: the execution ended without closing the task (as a lost close would leave it).
    const { issueId, triage } = await issueAtTriage('PO-7003');
    const { executionArn } = (await readTask(triage.taskId))!;
    const sfn = new SFNClient({ endpoint: baton.endpoints.stepfunctions, region: 'us-east-1', credentials: baton.credentials });
    await sfn.send(new StopExecutionCommand({ executionArn }));
    // Act
    const report = await repairPendingWork();
    // Assess
    expect(report.tasksClosed).toBe(1);
    const view = await waitForIssue(baton, service, issueId, (issue) => issue.tasks.every((task: TaskView) => task.status !== 'open'));
    expect(view.tasks.find((task: TaskView) => task.taskId === triage.taskId).status).toBe('cancelled');
    expect(typesOf(view)).toContain('task_closed_by_repair');
  });
});

describe('an upgrade keeps what people saved', { timeout: 120_000 }, () => {
  it('e-mail settings an earlier Baton kept as one item per person still reach the person: the queue adopts them at its first opening', async () => {
    // Prepare: what saving settings wrote before 2 December 2026 (the profile, and one `STAFFSUB#<queue>` /
    // `<username>` item per queue), and no adopted item for the queue.
    const table = config.tableName();
    const address = 'production.lead@example.com';
    await documentClient().send(new PutCommand({ TableName: table, Item: { pk: 'STAFF#production', sk: 'PROFILE', entity: 'staffProfile', username: 'production', language: 'en', emailFor: ['new_task'], email: address, queues: ['production'] } }));
    await documentClient().send(new PutCommand({ TableName: table, Item: { pk: 'STAFFSUB#production', sk: 'production', entity: 'staffSubscription', username: 'production', emailFor: ['new_task'], email: address } }));
    await documentClient().send(new DeleteCommand({ TableName: table, Key: queueSubscribersEntity.key('production') }));
    // New tasks of a queue are one e-mail per quarter hour: a new quarter hour, so this opening's e-mail is its own.
    baton.clock.advance(Math.ceil((baton.clock.now() + 1) / 900_000) * 900_000 - baton.clock.now());

    // Act: a task opens in production's queue.
    const { issueId, triage } = await issueAtTriage('PO-7006');
    await complete(triage.taskId);
    await waitForTask(baton, service, issueId, openTaskOf('root-cause'));

    // Assess: the person is told by e-mail, at the address they saved then; the queue's item now names them and is marked adopted.
    const mails = await mailTo(baton.mail.inboxUrl, address, (mine) => mine.length >= 1);
    expect(mails.length).toBeGreaterThanOrEqual(1);
    const adopted = (await documentClient().send(new GetCommand({ TableName: table, Key: queueSubscribersEntity.key('production'), ConsistentRead: true }))).Item;
    expect(adopted).toMatchObject({ adopted: true, [queueSubscribersEntity.attribute('production')]: { username: 'production', emailFor: ['new_task'], email: address } });
    // Adopting again (each start-up) changes nothing.
    await adoptEveryQueue();
    expect((await documentClient().send(new GetCommand({ TableName: table, Key: queueSubscribersEntity.key('production'), ConsistentRead: true }))).Item).toEqual(adopted);
  });
});
