// Which steps a completion opens at once, read from the flow files: those openings, not the
// completion, confirm its callback (shared/flows/parallel-openings.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AslDefinition } from '#shared/flows/asl.ts';
import { flowIds } from '#shared/flows/catalog.ts';
import { stepsOpenedTogether } from '#shared/flows/parallel-openings.ts';

const load = (flowId: string) => JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../workflows/${flowId}.asl.json`), 'utf8')) as AslDefinition;
const productDefect = load('product-defect');

describe('steps a completion opens at once', () => {
  it('a confirmed defect opens the root cause and the remedy together (the Parallel after the triage)', () => {
    // Act
    const opens = stepsOpenedTogether(productDefect, 'Triage the issue', 'confirmed_defect');
    // Assess
    expect(opens).toEqual(['root-cause', 'remedy']);
  });

  it('an outcome that leads elsewhere (to a reroute, to the customer) opens none at once', () => {
    // Act
    const opens = ['reroute', 'ask_customer', 'not_a_defect'].map((outcome) => stepsOpenedTogether(productDefect, 'Triage the issue', outcome));
    // Assess
    expect(opens).toEqual([[], [], []]);
  });

  it('a step inside a branch opens none at once: its sibling branch may open steps of its own meanwhile', () => {
    // Act
    const opens = stepsOpenedTogether(productDefect, 'Find the root cause', 'root_cause_found');
    // Assess
    expect(opens).toEqual([]);
  });

  it('no other flow has a completion that opens steps at once', () => {
    // Prepare
    const others = flowIds.filter((flowId) => flowId !== 'product-defect').map(load);
    // Act
    const opened = others.flatMap((definition) =>
      Object.entries(definition.States).flatMap(([name, state]) =>
        ((state.Parameters?.Payload?.outcomes ?? []) as Array<{ id: string }>).flatMap((outcome) => stepsOpenedTogether(definition, name, outcome.id)),
      ),
    );
    // Assess
    expect(opened).toEqual([]);
  });
});
