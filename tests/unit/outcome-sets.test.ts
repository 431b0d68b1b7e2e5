// Task items name their outcomes by a recorded set (shared/flows/outcome-sets.ts): every set a flow
// offers is recorded, a task reads back as written, and what it derives is left out of the item.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import recorded from '#workflows/outcome-sets.json' with { type: 'json' };
import { outcomeSetAttribute, taskEntity } from '#shared/data/entities/task.ts';
import { outcomesForHolder } from '#shared/domain/holder-outcomes.ts';
import type { TaskRecord } from '#shared/domain/task.ts';
import { allStates, humanStepDeclaration, isHumanStep, type AslDefinition } from '#shared/flows/asl.ts';
import { flowIds } from '#shared/flows/catalog.ts';
import { offeredOutcomeSets, outcomeSetId, outcomeSetsSchema, withOfferedSets } from '#shared/flows/outcome-sets.ts';
import { stepNameOf } from '#shared/flows/step-names.ts';

const workflowsDir = path.resolve(import.meta.dirname, '../../workflows');
const definitions = flowIds.map((flowId) => JSON.parse(readFileSync(path.join(workflowsDir, `${flowId}.asl.json`), 'utf8')) as AslDefinition);
const declaredOutcomes = (step: string) => {
  const state = definitions.flatMap(allStates).find(([, candidate]) => isHumanStep(candidate) && humanStepDeclaration(candidate).step === step);
  return humanStepDeclaration(state![1]).outcomes;
};

const remedy = (overrides: Partial<TaskRecord> = {}): TaskRecord => ({
  taskId: 'tsk-1', issueId: 'iss-1', flowId: 'product-defect', step: 'remedy', stepName: stepNameOf('remedy')!, department: 'sales', status: 'claimed',
  claimedBy: 'sales', createdAt: '2026-11-23T10:00:00.000Z', dueAt: '2026-11-24T10:00:00.000Z', executionArn: 'arn', stateName: 'Offer a remedy',
  attempt: 0, outcomes: outcomesForHolder(declaredOutcomes('remedy'), { holder: 'sales', reroutesSoFar: 0 }), ...overrides,
});

describe('outcome sets', () => {
  it('workflows/outcome-sets.json records every set the flows offer, for every holder, before and after a reroute (npm run flows adds them)', () => {
    // Act
    const missing = definitions.flatMap(offeredOutcomeSets).filter((outcomes) => !(outcomeSetId(outcomes) in recorded));
    // Assess
    expect(missing).toEqual([]);
  });

  it('recording the flows again removes and changes no set', () => {
    // Prepare
    const retired = { retired: [{ id: 'old', label: { zh: '旧', en: 'Old' }, fields: [] }] };
    // Act
    const sets = withOfferedSets(outcomeSetsSchema.parse({ ...recorded, ...retired }), definitions);
    // Assess
    expect(sets).toMatchObject({ ...recorded, ...retired });
  });

  it('a task names its outcomes by their set and leaves out its id and its step’s name, and reads back as written', () => {
    // Prepare
    const task = remedy();
    // Act
    const item = taskEntity.item(task);
    // Assess
    expect(item[outcomeSetAttribute]).toBe(outcomeSetId(task.outcomes));
    expect(item).not.toHaveProperty('outcomes');
    expect(item).not.toHaveProperty('stepName');
    expect(item).not.toHaveProperty('taskId');
    expect(taskEntity.parse(item)).toEqual(task);
    expect(taskEntity.parseListing(item).outcomes).toEqual(task.outcomes);
  });

  it('a completed task stores only the outcome and who completed it of what it handed the flow, and reads back the whole result', () => {
    // Prepare
    const task = remedy({
      status: 'completed',
      closedAt: '2026-11-23T11:00:00.000Z',
      completedFields: { offer: 'Money back', amount: 120 },
      callbackResult: { taskId: 'tsk-1', outcome: 'refund', fields: { amount: 120 }, department: 'sales', completedBy: 'sales' },
    });
    // Act
    const item = taskEntity.item(task, '2026-11-23T11:00:00.000Z');
    // Assess
    expect(item.callbackResult).toEqual({ outcome: 'refund', completedBy: 'sales' });
    expect(taskEntity.parse(item)).toEqual({ ...task, callbackPending: true });
  });

  it('a set or a name the task cannot derive is stored as it is', () => {
    // Prepare
    const unrecorded = remedy({ stepName: { zh: '旧名', en: 'An older name' }, outcomes: [{ id: 'only-here', label: { zh: '此处', en: 'Here only' }, fields: [] }] });
    // Act
    const item = taskEntity.item(unrecorded);
    // Assess
    expect(item).not.toHaveProperty(outcomeSetAttribute);
    expect(item.outcomes).toEqual(unrecorded.outcomes);
    expect(item.stepName).toEqual(unrecorded.stepName);
    expect(taskEntity.parse(item)).toEqual(unrecorded);
  });
});
