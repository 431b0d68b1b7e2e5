// Which steps a completion opens at once: the first steps of the Parallel its outcome leads straight
// into, read from the flow file. Those openings run only once Step Functions took the completion, so
// the first of them takes it off the pending-callback list in its own transaction, and the completion
// saves the round trip of confirming it (task-completion.ts, task-store.ts).
import { existsSync, readFileSync } from 'node:fs';
import { config } from '#shared/config.ts';
import { flowVersionOf, humanStepDeclaration, isHumanStep, type AslDefinition } from '#shared/flows/asl.ts';
import { flowIds } from '#shared/flows/catalog.ts';
import { flowFile } from '#shared/flows/flow-definitions.ts';

/**
 * The steps a top-level human state opens together when completed with `outcome`: the human steps
 * every branch of a Parallel starts with, reached through Choices that test only this step's outcome.
 * Anything else (a Lambda, a Wait, a rule on another field, a state inside a branch, where a sibling
 * branch may open steps of its own meanwhile) gives none, and the completion confirms itself.
 */
export function stepsOpenedTogether(definition: AslDefinition, stateName: string, outcome: string): string[] {
  const completed = definition.States[stateName];
  const resultPath = (completed as { ResultPath?: unknown } | undefined)?.ResultPath;
  if (!completed || !isHumanStep(completed) || typeof resultPath !== 'string') return [];
  let next = completed.Next;
  for (let hops = 0; next && hops < Object.keys(definition.States).length; hops++) {
    const state = definition.States[next];
    if (state?.Type === 'Choice') {
      const rules = state.Choices ?? [];
      if (!rules.every((rule) => rule.Variable === `${resultPath}.outcome` && typeof rule.StringEquals === 'string')) return [];
      next = rules.find((rule) => rule.StringEquals === outcome)?.Next ?? state.Default;
      continue;
    }
    if (state?.Type !== 'Parallel') return [];
    const firsts = (state.Branches ?? []).map((branch) => branch.States[branch.StartAt]);
    if (firsts.length < 2 || !firsts.every((first) => first !== undefined && isHumanStep(first))) return [];
    return firsts.map((first) => humanStepDeclaration(first!).step);
  }
  return [];
}

const definitions = new Map<string, AslDefinition | undefined>();

/** The flow's definition as deployed with this code, if its file is here (read once per process). */
function definitionOf(flowId: string): AslDefinition | undefined {
  const key = `${config.workflowsDir()}\u0000${flowId}`;
  if (!definitions.has(key)) {
    const known = flowIds.find((candidate) => candidate === flowId);
    const file = known && flowFile(config.workflowsDir(), known);
    definitions.set(key, file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as AslDefinition) : undefined);
  }
  return definitions.get(key);
}

/**
 * `stepsOpenedTogether` for a task of an issue, when the issue runs on the flow version this code
 * carries (an execution on another version may take another path: its completion confirms itself).
 */
export function stepsOpenedAfter(issue: { flowId: string; flowVersion?: number | undefined }, task: { stateName: string }, outcome: string): string[] {
  const definition = definitionOf(issue.flowId);
  if (!definition || issue.flowVersion === undefined || flowVersionOf(definition) !== issue.flowVersion) return [];
  return stepsOpenedTogether(definition, task.stateName, outcome);
}
