import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProcessMap } from '#shared/domain/process-map.ts';
import { allStates, isHumanStep, type AslDefinition } from '#shared/flows/asl.ts';

const definition = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../workflows/product-defect.asl.json'), 'utf8')) as AslDefinition;
const figures = { triage: { open: 4, claimed: 2, completed: 9, breached: 1, cancelled: 0 } };

describe('the process map drawn from a flow’s ASL', () => {
  const map = buildProcessMap({ flowId: 'product-defect', version: 1 }, definition, figures, 1);

  it('has a node for every state, nested Parallel branches included, each inner one naming its Parallel', () => {
    expect(map.nodes.map((node) => node.id).sort()).toEqual(allStates(definition).map(([name]) => name).sort());
    const parallel = Object.entries(definition.States).find(([, state]) => state.Type === 'Parallel')!;
    const inner = Object.keys(parallel[1].Branches![0]!.States);
    for (const id of inner) expect(map.nodes.find((node) => node.id === id)?.parent).toBe(parallel[0]);
    expect(map.nodes.filter((node) => node.start && !node.parent)).toEqual([expect.objectContaining({ id: definition.StartAt })]);
  });

  it('has an edge for every Next, Choice, Default, Catch and branch start, each to a state that exists', () => {
    const ids = new Set(map.nodes.map((node) => node.id));
    for (const edge of map.edges) expect(ids.has(edge.to), edge.to).toBe(true);
    const kinds = new Set(map.edges.map((edge) => edge.kind));
    for (const kind of ['next', 'choice', 'default', 'catch', 'branch']) expect(kinds.has(kind as never), kind).toBe(true);
    for (const [name, state] of allStates(definition)) {
      if (state.Next) expect(map.edges).toContainEqual({ from: name, to: state.Next, kind: 'next' });
      for (const handler of state.Catch ?? []) expect(map.edges).toContainEqual({ from: name, to: handler.Next, kind: 'catch' });
    }
  });

  it('puts every human step in its department’s lane, management included, with its SLA and live counts', () => {
    const humanStates = allStates(definition).filter(([, state]) => isHumanStep(state));
    expect(map.lanes.flatMap((lane) => lane.nodes).sort()).toEqual(humanStates.map(([name]) => name).sort());
    expect(map.lanes.map((lane) => lane.department)).toContain('management');
    const [triageName, triageState] = humanStates.find(([, state]) => (state.Parameters?.Payload as { step?: string }).step === 'triage')!;
    expect(map.nodes.find((node) => node.id === triageName)?.human).toEqual({
      department: 'service',
      step: 'triage',
      stepName: (triageState.Parameters?.Payload as { stepName: unknown }).stepName,
      slaSeconds: triageState.TimeoutSeconds,
      counts: { open: 4, claimed: 2, breached: 1 },
    });
  });
});
