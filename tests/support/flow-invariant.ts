// Checks, from outside a running Baton, the invariant the repair keeps: every human step an
// execution waits on has its open task, and every open task is one a step waits on. Asks the local
// Step Functions endpoint with the real SDK (history + a heartbeat on each token) and Baton's API.
import { GetExecutionHistoryCommand, ListExecutionsCommand, ListStateMachinesCommand, SendTaskHeartbeatCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { taskIdFor } from '#shared/domain/step-identity.ts';
import { humanStepsScheduled } from '#shared/flows/execution-facts.ts';

export interface InvariantBreach {
  issueId: string;
  /** Task ids of steps the flow waits on that the issue has no open task for. */
  stranded: string[];
  /** Open tasks no step waits on. */
  orphaned: string[];
}

type IssueTasks = (issueId: string) => Promise<Array<{ taskId: string; status: string }>>;

export async function invariantBreaches(
  stepFunctions: { endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } },
  tasksOf: IssueTasks,
  issueIds: string[],
): Promise<InvariantBreach[]> {
  const sfn = new SFNClient({ endpoint: stepFunctions.endpoint, region: 'us-east-1', credentials: stepFunctions.credentials });
  const waitingTaskIds = new Map<string, Set<string>>();
  const { stateMachines = [] } = await sfn.send(new ListStateMachinesCommand({}));
  for (const { stateMachineArn } of stateMachines) {
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 1000 }));
    // Executions are asked side by side: a check after every crash round reads every issue's history.
    await Promise.all(
      executions.map(async ({ executionArn, name }) => {
        if (!name || !issueIds.includes(name)) return;
        const events: HistoryEvent[] = [];
        let nextToken: string | undefined;
        do {
          const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken }));
          events.push(...(page.events ?? []));
          nextToken = page.nextToken;
        } while (nextToken);
        const waiting = new Set<string>();
        for (const step of humanStepsScheduled(events)) {
          const stillWaiting = await sfn.send(new SendTaskHeartbeatCommand({ taskToken: step.taskToken })).then(
            () => true,
            () => false,
          );
          if (stillWaiting) waiting.add(taskIdFor(step));
        }
        waitingTaskIds.set(name, waiting);
      }),
    );
  }
  const breaches: InvariantBreach[] = [];
  const tasksOfEach = await Promise.all(issueIds.map(tasksOf));
  for (const [index, issueId] of issueIds.entries()) {
    const open = tasksOfEach[index]!.filter((task) => task.status === 'open' || task.status === 'claimed').map((task) => task.taskId);
    const waiting = [...(waitingTaskIds.get(issueId) ?? [])];
    const breach = { issueId, stranded: waiting.filter((id) => !open.includes(id)), orphaned: open.filter((id) => !waiting.includes(id)) };
    if (breach.stranded.length || breach.orphaned.length) breaches.push(breach);
  }
  return breaches;
}
