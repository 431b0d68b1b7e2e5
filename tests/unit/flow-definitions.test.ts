import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { allStates, flowVersionOf, humanStepDeclaration, isCustomerWait, isHumanStep, slaSeconds, type AslDefinition } from '#shared/flows/asl.ts';
import { flowIds, flowVersions, type FlowId } from '#shared/flows/catalog.ts';
import { fingerprintOf, flowFiles, recordedFingerprints } from '../../workflows/build-flows.ts';
import { stepNameOf, stepNames } from '#shared/flows/step-names.ts';
import { stepLambdas } from '#shared/flows/step-lambdas.ts';
import { humanStepPayload } from '#shared/flows/human-step.ts';

const workflowsDir = path.resolve(import.meta.dirname, '../../workflows');
const files = readdirSync(workflowsDir).filter((file) => file.endsWith('.asl.json'));
const transientLambdaErrors = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];
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
      expect(declared.stepName, name).toEqual(stepNameOf(declared.step));
      expect(declared.outcomes.length).toBeGreaterThan(0);
      expect(slaSeconds(definition, name, 1)).toBeGreaterThan(0);
      expect(state).not.toHaveProperty('HeartbeatSeconds');
      stepIds.add(declared.step);
    }
    expect(stepIds.size).toBe(human.length);
  });

  it('names no department in any step’s name, in either language: after a reroute another department holds it', () => {
    const steps = allStates(definition).filter(([, candidate]) => isHumanStep(candidate));
    expect(steps.length).toBeGreaterThan(10);
    for (const [name, state] of steps) {
      const { stepName } = humanStepDeclaration(state);
      expect(stepName.en, name).not.toMatch(/\b(sales|production|service|management|managers?)\b/i);
      expect(stepName.zh, name).not.toMatch(/销售|生产|服务|管理|经理/);
    }
  });

  it('holds no display words: every human step’s name comes from shared/flows/step-names.ts, by its step id', () => {
    for (const [name, state] of allStates(definition).filter(([, candidate]) => isHumanStep(candidate))) {
      expect(state.Parameters?.Payload, name).not.toHaveProperty('stepName');
      expect(stepNameOf(humanStepDeclaration(state).step), name).toBeDefined();
    }
  });

  it('is the definition its version was published with: a changed ASL needs a new flow version', () => {
    const flowId = file.replace('.asl.json', '') as FlowId;
    const recorded = recordedFingerprints()[flowId]?.[String(flowVersions[flowId])];
    expect(recorded, `no fingerprint for ${flowId} version ${flowVersions[flowId]}: run npm run flows`).toBeDefined();
    expect(fingerprintOf(readFileSync(path.join(workflowsDir, file), 'utf8')), `${file} changed under version ${flowVersions[flowId]}: bump flowVersions in shared/flows/catalog.ts, then npm run flows`).toBe(recorded);
  });

  it('every Lambda task retries transient Lambda errors and catches the rest', () => {
    for (const [name, state] of allStates(definition)) {
      if (state.Type !== 'Task') continue;
      const retried = (state as { Retry?: Array<{ ErrorEquals: string[] }> }).Retry?.flatMap((retry) => retry.ErrorEquals) ?? [];
      expect(retried, name).toEqual(expect.arrayContaining(transientLambdaErrors));
      expect(state.Catch?.at(-1)?.ErrorEquals, name).toEqual(['States.ALL']);
    }
  });

  it('every failure is handed to a manager step, which gives up only after long retries', () => {
    const states = new Map(allStates(definition));
    for (const [name, state] of allStates(definition)) {
      if (state.Type !== 'Task') continue;
      const target = states.get(state.Catch!.at(-1)!.Next)!;
      if (target.Type === 'Fail') {
        // Only the manager's failure step and its reminder may fail the execution (its alarm fires then).
        expect(name).toMatch(/^(Resolve the failure at|Remind a manager of the failure at)/);
        continue;
      }
      expect(isHumanStep(target), name).toBe(true);
      expect(humanStepDeclaration(target).department, name).toBe('management');
    }
  });

  it('every department step offers its own outcomes first, then reroute and ask the customer; manager steps decide', () => {
    for (const [name, state] of allStates(definition).filter(([, candidate]) => isHumanStep(candidate))) {
      const { department, outcomes } = humanStepDeclaration(state);
      const ids = outcomes.map((outcome) => outcome.id);
      if (department === 'management') {
        expect(ids, name).not.toContain('reroute');
        continue;
      }
      expect(ids.slice(-2), name).toEqual(['reroute', 'ask_customer']);
      expect(ids.length, name).toBeGreaterThan(2);
      const fieldsOf = (id: string) => outcomes.find((outcome) => outcome.id === id)!.fields.map(({ name: field, type, required }) => ({ field, type, required }));
      expect(fieldsOf('reroute')).toEqual([
        { field: 'reason', type: 'text', required: true },
        { field: 'toDepartment', type: 'department', required: true },
      ]);
      expect(fieldsOf('ask_customer')).toEqual([{ field: 'question', type: 'text', required: true }]);
      // A reroute sends the same step elsewhere: the step reads its routing, set up at the start.
      const routedTo = state.Parameters!.Payload!['routedTo.$'] as string;
      const key = /^\$\.routing\.(\w+)\.department$/.exec(routedTo)?.[1];
      const start = definition.States['Start every step in its home department']!.Parameters as { routing: Record<string, unknown>; asks: Record<string, unknown> };
      expect(start.routing[key!], name).toEqual({ department: 'home' });
      expect(start.asks[key!], name).toEqual({ count: 0 });
    }
  });

  it('a reopen starts at the follow-up step, in the department that closed the issue, and closes the issue again', () => {
    const entry = definition.States[definition.StartAt]!;
    expect(entry).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.reopen', IsPresent: true, Next: 'Start the follow-up where the issue was closed' }],
      Default: 'Start every step in its home department',
    });
    const start = definition.States['Start the follow-up where the issue was closed']!;
    expect(start.Next).toBe('Follow up on the reopened issue');
    const routing = (start.Parameters as { routing: Record<string, unknown> }).routing;
    expect(routing.reopened).toEqual({ 'department.$': '$.reopen.department' });
    // Every other step starts fresh, as in a new issue, so a reroute of the follow-up works as anywhere else.
    const fresh = definition.States['Start every step in its home department']!.Parameters as { routing: Record<string, unknown>; asks: Record<string, unknown> };
    expect(Object.keys(routing).sort()).toEqual(Object.keys(fresh.routing).sort());
    const followUp = definition.States['Follow up on the reopened issue']!;
    expect(followUp.Parameters!.Payload).toMatchObject({ step: 'reopened', 'routedTo.$': '$.routing.reopened.department' });
    expect((definition.States['Which way after the reopened issue?'] as { Default: string }).Default).toBe('Close the issue');
    expect(definition.States['Close the issue']).toMatchObject({ End: true });
  });

  it('every human step’s SLA breach is recorded, escalated to a manager and comes back', () => {
    const states = new Map(allStates(definition));
    for (const [name, state] of allStates(definition).filter(([, candidate]) => isHumanStep(candidate))) {
      const onTimeout = state.Catch!.find((rule) => rule.ErrorEquals.includes('States.Timeout'))!;
      const record = states.get(onTimeout.Next)!;
      expect(record.Parameters?.Payload, name).toMatchObject({ stateName: name, reason: 'expired' });
      const escalation = states.get(record.Next!)!;
      expect(isHumanStep(escalation), name).toBe(true);
      expect(humanStepDeclaration(escalation).department, name).toBe('management');
      // A manager's own late step is opened again; any other goes to a manager and then back to the step.
      if (escalation !== state) expect(escalation.Next, name).toBe(name);
    }
  });

  it('waits for the customer with a reminder, then gives up and goes back to the same step', () => {
    const states = new Map(allStates(definition));
    const asks = allStates(definition).filter(([name, state]) => isCustomerWait(state) && name.startsWith('Ask the customer'));
    expect(asks.length).toBeGreaterThan(0);
    for (const [name, ask] of asks) {
      const remind = states.get(ask.Catch!.find((rule) => rule.ErrorEquals.includes('States.Timeout'))!.Next)!;
      expect(isCustomerWait(remind), name).toBe(true);
      const giveUp = states.get(remind.Catch!.find((rule) => rule.ErrorEquals.includes('States.Timeout'))!.Next)!;
      expect([remind.Next, giveUp.Next], name).toEqual([ask.Next, ask.Next]);
      expect(isHumanStep(states.get(ask.Next!)!), name).toBe(true);
      expect(ask).not.toHaveProperty('HeartbeatSeconds');
    }
  });

  it('crosses at least two of sales, production and service', () => {
    const departments = new Set(allStates(definition).filter(([, state]) => isHumanStep(state)).map(([, state]) => humanStepDeclaration(state).department));
    expect([...departments].filter((department) => department !== 'management').length).toBeGreaterThanOrEqual(2);
  });

  it('states its Baton flow version in its Comment, the one the catalog gives', () => {
    expect(flowVersionOf(definition)).toBe(flowVersions[file.replace('.asl.json', '') as FlowId]);
  });

  it('hands every human step its SLA in its payload, equal to its TimeoutSeconds', () => {
    const human = allStates(definition).filter(([, state]) => isHumanStep(state));
    for (const [name, state] of human) {
      expect(state.Parameters?.Payload?.slaSeconds, name).toBe(state.TimeoutSeconds);
      expect(humanStepPayload.shape.slaSeconds.parse(state.Parameters?.Payload?.slaSeconds), name).toBeGreaterThan(0);
    }
  });

  it('starts its execution with the version its Comment states, and hands it to every human step (no step of its own records it)', () => {
    // Both ways in (a new issue, and a customer's reopen past the entry Choice) start with it.
    const entry = definition.States[definition.StartAt]!;
    const starts = [entry.Default, ...((entry.Choices ?? []) as Array<{ Next: string }>).map((choice) => choice.Next)].map((name) => definition.States[String(name)]);
    expect(starts.map((start) => start?.Parameters?.flowVersion)).toEqual([flowVersionOf(definition), flowVersionOf(definition)]);
    expect(allStates(definition).filter(([, state]) => state.Parameters?.FunctionName === '${RecordFlowVersionFunction}')).toEqual([]);
    for (const [name, state] of allStates(definition).filter(([, candidate]) => isHumanStep(candidate))) {
      expect(state.Parameters?.Payload?.['flowVersion.$'], name).toBe('$.flowVersion');
    }
  });

  it('uses JSONPath only: no JSONata, no variables', () => {
    const text = JSON.stringify(definition);
    expect(text).not.toContain('JSONata');
    expect(text).not.toMatch(/"Assign"/);
  });

  it('is what the generator writes (npm run flows)', () => {
    const generated = flowFiles().find(({ flowId }) => `${flowId}.asl.json` === file);
    expect(readFileSync(path.join(workflowsDir, file), 'utf8')).toBe(generated?.text);
  });
});

describe('the flow files', () => {
  it('there is one per flow of the catalog', () => {
    expect(files.map((file) => file.replace('.asl.json', '')).sort()).toEqual([...flowIds].sort());
  });

  it('renaming a step’s display words, in either language, changes no flow file (so no flow version)', () => {
    // Prepare
    const before = flowFiles();
    const saved = structuredClone(stepNames);
    try {
      for (const name of Object.values(stepNames)) Object.assign(name, { zh: `${name.zh}（新）`, en: `${name.en} (renamed)`, noun: `${name.noun} renamed` });
      // Act
      const after = flowFiles();
      // Assess
      expect(stepNameOf('triage')?.en).toBe('Triage the issue (renamed)');
      expect(after).toEqual(before);
    } finally {
      for (const [step, name] of Object.entries(saved)) Object.assign(stepNames[step]!, name);
    }
  });
});

describe('flowVersionOf', () => {
  it('reads the version at the end of the Comment and refuses a Comment without one', () => {
    expect(flowVersionOf({ Comment: 'Billing dispute. Baton flow version 12.' })).toBe(12);
    expect(() => flowVersionOf({ Comment: 'No version here.' })).toThrow(/Baton flow version/);
  });
});

describe('slaSeconds', () => {
  it('reads TimeoutSeconds from nested Parallel states and applies the time factor', () => {
    const definition = load('product-defect.asl.json');
    expect(slaSeconds(definition, 'Find the root cause', 1)).toBe(172800);
    expect(slaSeconds(definition, 'Find the root cause', 0.001)).toBeCloseTo(172.8);
  });
});
