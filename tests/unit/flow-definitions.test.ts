import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { allStates, humanStepDeclaration, isHumanStep, slaSeconds, type AslDefinition } from '#shared/flows/asl.ts';
import { flowIds } from '#shared/flows/catalog.ts';
import { stepLambdas } from '#shared/flows/step-lambdas.ts';

const workflowsDir = path.resolve(import.meta.dirname, '../../workflows');
const files = readdirSync(workflowsDir).filter((file) => file.endsWith('.asl.json'));
const load = (file: string) => JSON.parse(readFileSync(path.join(workflowsDir, file), 'utf8')) as AslDefinition;

describe.each(files)('%s', (file) => {
  const definition = load(file);

  it('is named for a flow in the catalog', () => {
    expect(flowIds).toContain(file.replace('.asl.json', ''));
  });

  it('is valid Amazon States Language (asl-validator)', () => {
    const { isValid, errorsText } = aslValidator(definition, { checkArn: true, checkPaths: true });
    expect(isValid, errorsText('\n')).toBe(true);
  });

  it('uses only placeholders the step Lambdas define, and no literal Lambda ARNs', () => {
    const text = JSON.stringify(definition);
    const placeholders = [...text.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]);
    expect(placeholders.length).toBeGreaterThan(0);
    for (const placeholder of placeholders) expect(Object.keys(stepLambdas)).toContain(placeholder);
    expect(text).not.toMatch(/arn:aws:lambda:/);
  });

  it('every human step declares its department, step, names and outcomes, and has an SLA', () => {
    const human = allStates(definition).filter(([, state]) => isHumanStep(state));
    expect(human.length).toBeGreaterThan(0);
    const stepIds = new Set<string>();
    for (const [name, state] of human) {
      const declared = humanStepDeclaration(state);
      expect(declared.stepName.en).toBe(name);
      expect(declared.outcomes.length).toBeGreaterThan(0);
      expect(slaSeconds(definition, name, 1)).toBeGreaterThan(0);
      expect(state).not.toHaveProperty('HeartbeatSeconds');
      stepIds.add(declared.step);
    }
    expect(stepIds.size).toBe(human.length);
  });

  it('every Lambda task retries transient Lambda errors', () => {
    for (const [name, state] of allStates(definition)) {
      if (state.Type !== 'Task') continue;
      const retried = (state as { Retry?: Array<{ ErrorEquals: string[] }> }).Retry?.flatMap((retry) => retry.ErrorEquals) ?? [];
      expect(retried, name).toEqual(expect.arrayContaining(['Lambda.ServiceException', 'Lambda.TooManyRequestsException']));
    }
  });
});

describe('slaSeconds', () => {
  it('reads TimeoutSeconds from nested Parallel states and applies the time factor', () => {
    const definition = load('product-defect.asl.json');
    expect(slaSeconds(definition, 'Find the root cause', 1)).toBe(172800);
    expect(slaSeconds(definition, 'Find the root cause', 0.001)).toBeCloseTo(172.8);
  });
});
