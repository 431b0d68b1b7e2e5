// What a task offers the department holding it (shared/domain/holder-outcomes.ts): after a reroute, the
// receiving department sees the step's outcomes that make sense for it, on every step of every flow.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { askCustomerOutcomeId, rerouteOutcomeId } from '#shared/domain/completion.ts';
import { outcomesForHolder } from '#shared/domain/holder-outcomes.ts';
import { departments } from '#shared/domain/staff.ts';
import { allStates, humanStepDeclaration, isHumanStep, type AslDefinition } from '#shared/flows/asl.ts';
import { flowIds } from '#shared/flows/catalog.ts';

const departmentSteps = flowIds.flatMap((flowId) => {
  const definition = JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../workflows/${flowId}.asl.json`), 'utf8')) as AslDefinition;
  return allStates(definition)
    .filter(([, state]) => isHumanStep(state))
    .map(([, state]) => ({ flowId, ...humanStepDeclaration(state) }))
    .filter((step) => step.department !== 'management');
});
const declared = (flowId: string, step: string) => departmentSteps.find((candidate) => candidate.flowId === flowId && candidate.step === step)!.outcomes;
const ids = (outcomes: Array<{ id: string }>) => outcomes.map((outcome) => outcome.id);
const staying = new Set([rerouteOutcomeId, askCustomerOutcomeId]);

describe('the outcomes a task offers the department holding it', () => {
  it('in its home department, before any reroute, a step offers what the flow declares, in order', () => {
    // Prepare
    const remedy = declared('product-defect', 'remedy');
    // Act
    const offered = outcomesForHolder(remedy, { holder: 'sales', reroutesSoFar: 0 });
    // Assess
    expect(ids(offered)).toEqual(['replacement', 'refund', 'repair', rerouteOutcomeId, askCustomerOutcomeId]);
    expect(offered.find((outcome) => outcome.id === rerouteOutcomeId)?.label.en).toBe('Not ours: reroute to another department');
  });

  it('a remedy rerouted to service or production offers no refund (sales’ call), a replacement and a repair still', () => {
    const remedy = declared('product-defect', 'remedy');
    for (const holder of ['service', 'production'] as const) {
      expect(ids(outcomesForHolder(remedy, { holder, reroutesSoFar: 1 }))).toEqual(['replacement', 'repair', rerouteOutcomeId, askCustomerOutcomeId]);
    }
  });

  it('a billing review held outside sales offers no credit, only to decline it, hand it on or ask', () => {
    expect(ids(outcomesForHolder(declared('billing-dispute', 'review'), { holder: 'service', reroutesSoFar: 1 }))).toEqual(['no_credit', rerouteOutcomeId, askCustomerOutcomeId]);
  });

  it('after the issue’s first reroute, a reroute goes to a manager’s decision: it says so, and the department is only a suggestion', () => {
    // Act
    const reroute = outcomesForHolder(declared('product-defect', 'triage'), { holder: 'sales', reroutesSoFar: 1 }).find((outcome) => outcome.id === rerouteOutcomeId)!;
    // Assess
    expect(reroute.label).toEqual({ zh: '也不属本部门：由经理决定负责部门', en: 'Not ours either: a manager decides who owns it' });
    expect(reroute.fields.map((field) => [field.name, field.required])).toEqual([
      ['reason', true],
      ['toDepartment', false],
    ]);
  });

  it('on every step of every flow, every department that may hold it keeps a way forward of the step’s own, and no task carries the flow’s declaration', () => {
    expect(departmentSteps.length).toBeGreaterThan(10);
    for (const step of departmentSteps) {
      for (const holder of departments) {
        const offered = outcomesForHolder(step.outcomes, { holder, reroutesSoFar: holder === step.department ? 0 : 1 });
        expect(offered.filter((outcome) => !staying.has(outcome.id)).length, `${step.flowId} ${step.step} held by ${holder}`).toBeGreaterThan(0);
        expect(ids(offered), `${step.flowId} ${step.step} held by ${holder}`).toEqual(expect.arrayContaining([rerouteOutcomeId, askCustomerOutcomeId]));
        expect(offered.some((outcome) => 'onlyFor' in outcome)).toBe(false);
      }
    }
  });
});
