// Reads a flow's process map: the ASL file as deployed with the handler (BATON_WORKFLOWS_DIR) folded
// into the manager's map (shared/domain/readable-map.ts), with the flow's figures (one Query of its
// shards) and what waits now: the head of each department queue the map has a lane for (one Query
// of one page each, most urgent first). No scans; the cost does not grow with the number of issues.
import { existsSync, readFileSync } from 'node:fs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '#shared/clock.ts';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { queryOf } from '#shared/data/entities/access.ts';
import { taskEntity } from '#shared/data/entities/task.ts';
import { readFlowFigures } from '#shared/data/step-stats.ts';
import { flowKpis } from '#shared/domain/flow-kpis.ts';
import { queueDepartments } from '#shared/domain/task.ts';
import { buildProcessMap } from '#shared/domain/process-map.ts';
import { readableMap, type ActiveTask } from '#shared/domain/readable-map.ts';
import { flowIds, flowNames, flowVersions, type FlowId } from '#shared/flows/catalog.ts';
import { flowFile } from '#shared/flows/flow-definitions.ts';
import type { AslDefinition } from '#shared/flows/asl.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import type { ReadableMap } from '#shared/api/schemas.ts';

/** Tasks read from the head of each queue: the most urgent ones, enough to find each step's oldest unclaimed task in any usual queue. */
export const queueHeadSize = 100;

const isAvailable = (flowId: FlowId) => existsSync(flowFile(config.workflowsDir(), flowId));

/** Every flow of the catalog with its current version, and whether its ASL is deployed here. */
export function listFlows() {
  return { flows: flowIds.map((flowId) => ({ flowId, name: flowNames[flowId], version: flowVersions[flowId], available: isAvailable(flowId) })) };
}

/** This flow's active tasks among the `queueHeadSize` most urgent of one department's queue (attributes the map needs only). */
async function queueHead(department: string, flowId: string): Promise<ActiveTask[]> {
  const page = await documentClient().send(
    new QueryCommand({
      ...queryOf(taskEntity.access.queue(department)),
      ProjectionExpression: 'flowId, step, department, #status, createdAt, dueAt',
      ExpressionAttributeNames: { '#status': 'status' },
      Limit: queueHeadSize,
    }),
  );
  return ((page.Items ?? []) as Array<ActiveTask & { flowId: string }>)
    .filter((task) => task.flowId === flowId && (task.status === 'open' || task.status === 'claimed'))
    .map(({ step, department: holder, status, createdAt, dueAt }) => ({ step, department: holder, status, createdAt, dueAt }));
}

export async function readProcessMap(flowId: string): Promise<ReadableMap> {
  const known = flowIds.find((candidate) => candidate === flowId);
  if (!known || !isAvailable(known)) throw new NotFoundError(`No flow ${flowId}.`);
  const definition = JSON.parse(readFileSync(flowFile(config.workflowsDir(), known), 'utf8')) as AslDefinition;
  const graph = buildProcessMap({ flowId: known, version: flowVersions[known] }, definition, config.timeFactor());
  // Every department queue: a rerouted step waits in a queue its flow has no lane for.
  const [figures, ...heads] = await Promise.all([readFlowFigures(known), ...queueDepartments.map((department) => queueHead(department, known))]);
  return { ...readableMap(graph, { steps: figures.steps, active: heads.flat(), now: nowIso() }), ...flowKpis(figures) };
}
