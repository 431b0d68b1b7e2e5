// The benchmark's own view of an issue, through its own SDK clients: these reads are not Baton's, so
// the call meter (attached to Baton's clients only) does not count them.
import { DynamoDBClient, GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { queryOf } from '#shared/data/entities/access.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { taskEntity } from '#shared/data/entities/task.ts';
import { awsCallMeter, backgroundOrigins } from '#shared/aws-call-meter.ts';
import type { LocalRuntime } from '#infra/local/runtime.ts';

export interface Probe {
  openTasks(issueId: string): Promise<Array<{ taskId: string; step: string }>>;
  history(issueId: string): Promise<HistoryEvent[]>;
  /**
   * Waits until `ready` holds and the flow has gone quiet: two reads in a row see the same history
   * and Baton has made no AWS call in between. Only then is an operation's count complete.
   */
  /** An item as stored, in DynamoDB's attribute-value form (what its size is counted from). */
  storedItem(key: Record<string, unknown>): Promise<Record<string, AttributeValue> | undefined>;
  settle(issueId: string, ready: (view: { openSteps: string[]; history: HistoryEvent[] }) => boolean, timeoutMs?: number): Promise<HistoryEvent[]>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Calls of the hot path and of the outbox's sender: settled means both are quiet. */
const totalCalls = () =>
  [awsCallMeter.snapshot(), awsCallMeter.snapshot(backgroundOrigins.outboxSender)].flatMap((counts) => Object.values(counts)).reduce((sum, count) => sum + count.calls, 0);

export function probeOf(baton: LocalRuntime): Probe {
  // The data folder's key: DynamoDB Local keeps one database per key, and the Step Functions endpoint checks signatures.
  const { credentials } = baton;
  const { region, tableName: table = 'baton' } = baton.settings;
  const rawDynamodb = new DynamoDBClient({ region, endpoint: baton.endpoints.dynamodb, credentials });
  const dynamodb = DynamoDBDocumentClient.from(rawDynamodb);
  const sfn = new SFNClient({ region, endpoint: baton.endpoints.stepfunctions, credentials });
  const arns = baton.settings.stateMachineArns ?? {};
  const executionArns = new Map<string, string>();

  async function executionArn(issueId: string): Promise<string> {
    const known = executionArns.get(issueId);
    if (known) return known;
    const issue = await dynamodb.send(new GetCommand({ TableName: table, Key: issueEntity.key(issueId) }));
    const flowId = issue.Item?.flowId as string | undefined;
    const stateMachineArn = flowId ? arns[flowId] : undefined;
    if (!stateMachineArn) throw new Error(`No state machine for issue ${issueId} (flow ${flowId}).`);
    const arn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${issueId}`;
    executionArns.set(issueId, arn);
    return arn;
  }

  const probe: Probe = {
    async openTasks(issueId) {
      // The issue's task list holds keys only (shared/data/table-definition.ts): the tasks are read by key.
      const listed = await dynamodb.send(new QueryCommand({ ...queryOf(taskEntity.access.ofIssue(issueId)), TableName: table }));
      const keys = (listed.Items ?? []).map(({ pk, sk }) => ({ pk, sk }));
      const found = keys.length ? await dynamodb.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } })) : undefined;
      const tasks = (found?.Responses?.[table] ?? []).map((item) => taskEntity.parse(item));
      return tasks.filter((task) => task.status === 'open').map((task) => ({ taskId: task.taskId, step: task.step }));
    },
    async storedItem(key) {
      const found = await rawDynamodb.send(new GetItemCommand({ TableName: table, Key: marshall(key), ConsistentRead: true }));
      return found.Item;
    },
    async history(issueId) {
      const events: HistoryEvent[] = [];
      let nextToken: string | undefined;
      const arn = await executionArn(issueId);
      do {
        const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000, nextToken }));
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      return events;
    },
    async settle(issueId, ready, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let previous: { events: number; calls: number } | undefined;
      while (Date.now() < deadline) {
        const calls = totalCalls();
        const [openTasks, history] = await Promise.all([probe.openTasks(issueId), probe.history(issueId).catch(() => [] as HistoryEvent[])]);
        const openSteps = openTasks.map((task) => task.step);
        const now = { events: history.length, calls };
        if (ready({ openSteps, history }) && previous && previous.events === now.events && previous.calls === now.calls && totalCalls() === calls) return history;
        previous = ready({ openSteps, history }) ? now : undefined;
        await pause(100);
      }
      throw new Error(`Issue ${issueId} did not settle within ${timeoutMs} ms.`);
    },
  };
  return probe;
}

/** Step Functions Standard bills one state transition per state entered. */
export const stateTransitions = (history: HistoryEvent[]) => history.filter((event) => event.type?.endsWith('StateEntered')).length;

export const executionEnded = (history: HistoryEvent[]) => history.some((event) => event.type === 'ExecutionSucceeded' || event.type === 'ExecutionFailed');

/**
 * The step Lambdas an execution invoked and how long each ran, from its history: `Scheduled` to
 * `Submitted` for a task-token step (the Lambda returns, the flow waits), to the outcome otherwise.
 * Parallel branches are paired first in, first out, so single durations there are approximate.
 */
export function stepLambdaRuns(history: HistoryEvent[]): number[] {
  const waiting: { tokenStep: number[]; plain: number[] } = { tokenStep: [], plain: [] };
  const durations: number[] = [];
  const ms = (event: HistoryEvent) => new Date(event.timestamp ?? 0).getTime();
  for (const event of history) {
    if (event.type === 'LambdaFunctionScheduled') waiting.plain.push(ms(event));
    if (event.type === 'TaskScheduled' && event.taskScheduledEventDetails?.resourceType === 'lambda') {
      (event.taskScheduledEventDetails.resource?.endsWith('.waitForTaskToken') ? waiting.tokenStep : waiting.plain).push(ms(event));
    }
    if (event.type === 'TaskSubmitted' && event.taskSubmittedEventDetails?.resourceType === 'lambda') {
      const started = waiting.tokenStep.shift();
      if (started !== undefined) durations.push(ms(event) - started);
    }
    const plainOutcome =
      (['TaskSucceeded', 'TaskFailed', 'TaskTimedOut'].includes(event.type ?? '') &&
        !(event.taskSucceededEventDetails?.resource ?? event.taskFailedEventDetails?.resource ?? event.taskTimedOutEventDetails?.resource ?? '').endsWith('.waitForTaskToken')) ||
      ['LambdaFunctionSucceeded', 'LambdaFunctionFailed', 'LambdaFunctionTimedOut'].includes(event.type ?? '');
    if (plainOutcome) {
      const started = waiting.plain.shift();
      if (started !== undefined) durations.push(ms(event) - started);
    }
  }
  return durations;
}
