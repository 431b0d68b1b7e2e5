// Reads a flow's process map: the ASL file as deployed with the handler (BATON_WORKFLOWS_DIR), the
// step figures, KPIs and bounce report (all from one Query of the flow's shards). No scans.
import { existsSync, readFileSync } from 'node:fs';
import { config } from '#shared/config.ts';
import { readFlowFigures } from '#shared/data/step-stats.ts';
import { flowKpis } from '#shared/domain/flow-kpis.ts';
import { buildProcessMap } from '#shared/domain/process-map.ts';
import { flowIds, flowNames, flowVersions, type FlowId } from '#shared/flows/catalog.ts';
import { flowFile } from '#shared/flows/flow-definitions.ts';
import type { AslDefinition } from '#shared/flows/asl.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import type { ProcessMap } from '#shared/api/schemas.ts';

const isAvailable = (flowId: FlowId) => existsSync(flowFile(config.workflowsDir(), flowId));

/** Every flow of the catalog with its current version, and whether its ASL is deployed here. */
export function listFlows() {
  return { flows: flowIds.map((flowId) => ({ flowId, name: flowNames[flowId], version: flowVersions[flowId], available: isAvailable(flowId) })) };
}

export async function readProcessMap(flowId: string): Promise<ProcessMap> {
  const known = flowIds.find((candidate) => candidate === flowId);
  if (!known || !isAvailable(known)) throw new NotFoundError(`No flow ${flowId}.`);
  const definition = JSON.parse(readFileSync(flowFile(config.workflowsDir(), known), 'utf8')) as AslDefinition;
  const figures = await readFlowFigures(known);
  return { ...buildProcessMap({ flowId: known, version: flowVersions[known] }, definition, figures.steps, config.timeFactor()), ...flowKpis(figures) };
}
