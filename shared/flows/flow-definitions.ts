// Loads the flow files (workflows/<flowId>.asl.json) with their `${Placeholder}`s filled, for a
// target that substitutes itself (the local runtime; on AWS, CloudFormation substitutes).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { flowIds, type FlowId } from '#shared/flows/catalog.ts';
import { stepLambdas, type StepLambdaPlaceholder } from '#shared/flows/step-lambdas.ts';

export function flowFile(workflowsDir: string, flowId: FlowId): string {
  return path.join(workflowsDir, `${flowId}.asl.json`);
}

/** The flows that have an ASL file in the folder, as raw text. */
export function flowSources(workflowsDir: string): Array<{ flowId: FlowId; text: string }> {
  return flowIds
    .filter((flowId) => existsSync(flowFile(workflowsDir, flowId)))
    .map((flowId) => ({ flowId, text: readFileSync(flowFile(workflowsDir, flowId), 'utf8') }));
}

export function placeholdersIn(text: string): StepLambdaPlaceholder[] {
  const names = new Set([...text.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]!));
  for (const name of names) {
    if (!(name in stepLambdas)) throw new Error(`Unknown placeholder \${${name}}: add it to shared/flows/step-lambdas.ts.`);
  }
  return [...names] as StepLambdaPlaceholder[];
}

export function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
