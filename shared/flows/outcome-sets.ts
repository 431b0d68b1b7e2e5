// The outcomes a task offers, kept once per distinct set instead of in every task item: a step's
// outcome definitions (labels in two languages, fields) are about 1 KB, and a task item carrying them
// crossed DynamoDB's 1 KB write unit, in the table and in both queue lists that project the task, on
// every write of its life. `npm run flows` records each set every flow's steps can offer (each holder
// department, before and after a reroute) in workflows/outcome-sets.json; a task item names its set by
// id. Sets are only ever added to that file, never removed or changed, so a task opened on a retired
// definition still reads its outcomes after a deployment; a set the file lacks is stored in the task.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import recorded from '#workflows/outcome-sets.json' with { type: 'json' };
import { outcomesForHolder } from '#shared/domain/holder-outcomes.ts';
import { outcomeSchema, queueDepartments, type Outcome } from '#shared/domain/task.ts';
import { allStates, humanStepDeclaration, isHumanStep, type AslDefinition } from '#shared/flows/asl.ts';

/** The same outcomes written in any key order give the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, inner]) => inner !== undefined);
    return `{${entries.sort(([a], [b]) => a.localeCompare(b)).map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A set's id: the first 16 hex digits of the SHA-256 of its canonical JSON. */
export const outcomeSetId = (outcomes: Outcome[]) => createHash('sha256').update(canonical(outcomes)).digest('hex').slice(0, 16);

export const outcomeSetsSchema = z.record(z.string(), z.array(outcomeSchema));
const known = outcomeSetsSchema.parse(recorded);

/** The id a task item names its outcomes by, when the set is recorded. */
export function recordedOutcomeSet(outcomes: Outcome[]): string | undefined {
  const id = outcomeSetId(outcomes);
  return known[id] ? id : undefined;
}

export class UnknownOutcomeSetError extends Error {}

/** The outcomes a task item names by id. */
export function outcomesOfSet(id: string): Outcome[] {
  const outcomes = known[id];
  if (!outcomes) throw new UnknownOutcomeSetError(`Outcome set ${id} is not in workflows/outcome-sets.json: a set was removed from it.`);
  return outcomes;
}

/** Every set a flow's human steps can offer: each step, held by each department, before and after a first reroute. */
export function offeredOutcomeSets(definition: AslDefinition): Outcome[][] {
  return allStates(definition)
    .filter(([, state]) => isHumanStep(state))
    .flatMap(([, state]) => {
      const declared = humanStepDeclaration(state).outcomes;
      return queueDepartments.flatMap((holder) => [0, 1].map((reroutesSoFar) => outcomesForHolder(declared, { holder, reroutesSoFar })));
    });
}

/** The recorded sets with every set `definitions` offer added (none removed, none changed). */
export function withOfferedSets(recordedSets: Record<string, Outcome[]>, definitions: AslDefinition[]): Record<string, Outcome[]> {
  const sets = { ...recordedSets };
  for (const outcomes of definitions.flatMap(offeredOutcomeSets)) sets[outcomeSetId(outcomes)] ??= outcomes;
  return sets;
}
