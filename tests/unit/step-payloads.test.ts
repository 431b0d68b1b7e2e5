// Every Task state of every generated flow hands its step Lambda a payload that the Lambda's own
// schema (shared/flows/step-payloads.ts) accepts, with no field the schema does not declare.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { allStates, type AslDefinition, type AslState } from '#shared/flows/asl.ts';
import { stepLambdas, type StepLambdaPlaceholder } from '#shared/flows/step-lambdas.ts';
import { stepPayloads } from '#shared/flows/step-payloads.ts';

const workflowsDir = path.resolve(import.meta.dirname, '../../workflows');
const files = readdirSync(workflowsDir).filter((file) => file.endsWith('.asl.json'));

/** What Step Functions' context object (`$$`) gives a state. */
const contextValue = (path: string, stateName: string): unknown =>
  ({
    '$$.Task.Token': 'token-1',
    '$$.Execution.Id': 'arn:aws:states:us-east-1:000000000000:execution:baton-flow:iss_1',
    '$$.State.Name': stateName,
    '$$.State.EnteredTime': '2026-01-01T00:00:00.000Z',
    '$$.State.RetryCount': 0,
  })[path];

/** The execution's state as the flow builds it: its first Pass state's literals (routing, asks, flow version), and a finished task for every step. */
function sampleExecutionState(definition: AslDefinition, flowId: string): Record<string, unknown> {
  // A new issue's way in: past the entry Choice (a customer's reopen goes elsewhere), its default.
  const entry = definition.States[definition.StartAt];
  const startName = entry?.Type === 'Choice' ? String(entry.Default) : definition.StartAt;
  const start = (definition.States[startName]?.Parameters ?? {}) as Record<string, unknown>;
  // The literals the first state writes (routing, asks, the flow version) are in the state from then on.
  const literals = Object.fromEntries(Object.entries(start).filter(([key]) => !key.endsWith('.$')));
  const routing = (start.routing ?? {}) as Record<string, unknown>;
  const stepResults = Object.fromEntries(Object.keys(routing).map((key) => [key, { taskId: `tsk_${key}`, outcome: 'done', fields: {} }]));
  return { issueId: 'iss_1', flowId, ...literals, routing, ...stepResults };
}

function resolve(path: string, state: Record<string, unknown>, stateName: string): unknown {
  if (path.startsWith('$$.')) return contextValue(path, stateName);
  return path
    .replace(/^\$\./, '')
    .split('.')
    .reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), state);
}

/** The payload the Lambda receives: literals as written, `<field>.$` paths read from the state. */
function payloadOf(task: AslState, stateName: string, state: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(task.Parameters?.Payload ?? {}).map(([key, value]) => {
      if (!key.endsWith('.$')) return [key, value];
      const resolved = resolve(String(value), state, stateName);
      if (resolved === undefined) throw new Error(`${stateName}: ${key} reads ${String(value)}, which the flow's state does not hold`);
      return [key.slice(0, -2), resolved];
    }),
  );
}

const lambdaTasks = (definition: AslDefinition) =>
  allStates(definition).filter(([, state]) => state.Type === 'Task' && state.Resource?.startsWith('arn:aws:states:::lambda:invoke') === true);

describe('step Lambda payloads', () => {
  it('every step Lambda has one payload schema', () => {
    expect(Object.keys(stepPayloads).sort()).toEqual(Object.keys(stepLambdas).sort());
  });

  describe.each(files)('%s', (file) => {
    const definition = JSON.parse(readFileSync(path.join(workflowsDir, file), 'utf8')) as AslDefinition;
    const state = sampleExecutionState(definition, file.replace('.asl.json', ''));

    it('each Task state hands its Lambda a payload its schema accepts, and nothing more', () => {
      const tasks = lambdaTasks(definition);
      expect(tasks.length).toBeGreaterThan(0);
      for (const [name, task] of tasks) {
        // Prepare
        expect(task.Parameters && 'Arguments' in task ? 'Arguments (JSONata)' : 'Parameters', name).toBe('Parameters');
        const placeholder = /^\$\{(\w+)\}$/.exec(String(task.Parameters?.FunctionName))?.[1] as StepLambdaPlaceholder;
        const schema = (stepPayloads[placeholder] as z.ZodObject | undefined)?.strict();
        expect(schema, `${name}: no payload schema for ${placeholder}`).toBeDefined();
        // Act
        const parsed = schema!.safeParse(payloadOf(task, name, state));
        // Assess
        expect(parsed.success ? 'accepted' : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`), `${name} → ${placeholder}`).toBe('accepted');
      }
    });
  });
});
