// The pictures beside the flow files (workflows/<flowId>.md) are what `npm run flows` writes now, and
// they show what a reviewer needs: every lane, every human step, and every outcome on an edge.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowModels, pictureFiles } from '../../workflows/build-flows.ts';
import { stepsOf } from '../../workflows/flow-model.ts';
import { ruleText, spoken } from '../../workflows/flow-picture.ts';
import { stepNameOf } from '#shared/flows/step-names.ts';

const workflowsDir = path.resolve(import.meta.dirname, '../../workflows');

describe.each(pictureFiles().map(({ flowId, text }) => [flowId, text] as const))('workflows/%s.md', (flowId, text) => {
  const committed = readFileSync(path.join(workflowsDir, `${flowId}.md`), 'utf8');
  const steps = stepsOf(flowModels()[flowId]);
  const [flowChart = ''] = [...committed.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((match) => match[1]!);

  it('is what `npm run flows` writes from build-flows.ts (run it and commit when this fails)', () => {
    expect(committed).toBe(text);
  });

  it('draws every lane and every human step with its SLA, and every outcome on an edge', () => {
    expect(flowChart).toMatch(/^flowchart TD\n/);
    for (const spec of steps) {
      expect(flowChart).toContain(`subgraph lane_${spec.lane}[`);
      const name = stepNameOf(spec.step)!;
      expect(flowChart).toContain(`👤 ${name.en}<br/>${name.zh}<br/>SLA ${spoken(spec.slaSeconds)}`);
      const edgeLabels = [...flowChart.matchAll(/\|"([^"]*)"\|/g)].map((match) => match[1]!).join(' · ');
      for (const outcome of spec.outcomes) expect(edgeLabels, `${spec.name}: ${outcome.id}`).toContain(outcome.id);
    }
  });
});

describe('the words on the edges', () => {
  it('say a Choice rule as a reader would', () => {
    expect(ruleText({ Variable: '$.triage.outcome', StringEquals: 'not_a_defect' })).toBe('not_a_defect');
    expect(ruleText({ And: [{ Variable: '$.review.outcome', StringEquals: 'credit' }, { Variable: '$.review.fields.amount', NumericGreaterThan: 1000 }] })).toBe(
      'credit and amount > 1000',
    );
    expect(ruleText({ Variable: '$.replan.fields.newDate', IsPresent: true })).toBe('newDate given');
    expect([spoken(8 * 3600), spoken(2 * 86_400), spoken(90)]).toEqual(['8 h', '2 d', '2 min']);
  });
});
