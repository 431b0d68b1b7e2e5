// The manager's map model: each flow's ASL folded into its department steps, lanes, manager
// decisions and labelled ways (shared/domain/readable-map.ts), and what the boxes say is waiting now.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProcessMap } from '#shared/domain/process-map.ts';
import { readableMap, type ActiveTask, type LiveFigures } from '#shared/domain/readable-map.ts';
import { allStates, isHumanStep, type AslDefinition } from '#shared/flows/asl.ts';
import { flowIds, type FlowId } from '#shared/flows/catalog.ts';

const definitionOf = (flowId: FlowId) =>
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../workflows/${flowId}.asl.json`), 'utf8')) as AslDefinition;
const now = '2026-03-02T12:00:00.000Z';
const quiet: LiveFigures = { steps: {}, active: [], now };
const mapOf = (flowId: FlowId, live: LiveFigures = quiet) => readableMap(buildProcessMap({ flowId, version: 1 }, definitionOf(flowId)), live);
/** The ways between boxes as `from → to [outcomes]`, decisions left out. */
const ways = (flowId: FlowId) =>
  mapOf(flowId)
    .edges.filter((edge) => edge.kind === 'flow')
    .map((edge) => `${edge.from} → ${edge.to} [${edge.outcomes.map((outcome) => outcome.id).join(' ')}]`)
    .sort();
const hoursAgo = (hours: number) => new Date(Date.parse(now) - hours * 3_600_000).toISOString();
const task = (step: string, department: string, status: ActiveTask['status'], openedHoursAgo: number, dueInHours: number): ActiveTask => ({
  step,
  department,
  status,
  createdAt: hoursAgo(openedHoursAgo),
  dueAt: hoursAgo(-dueInHours),
});

describe('each flow folded into the map a manager reads', () => {
  it('product defect: triage, the fork into root cause and remedy, the replacement only for a replacement, the confirmation, the end', () => {
    const map = mapOf('product-defect');
    expect(map.lanes.map((lane) => lane.department)).toEqual(['service', 'production', 'sales', 'management']);
    expect(map.nodes.filter((node) => node.kind !== 'decisions').map((node) => `${node.kind}:${node.id}@${node.department}`)).toEqual([
      'step:Triage the issue@service',
      'parallel:Investigate and offer a remedy@service',
      'step:Find the root cause@production',
      'step:Offer a remedy@sales',
      'step:Ship a replacement@production',
      'step:Confirm with the customer@service',
      // A customer's "not solved" enters the flow here (workflows/README.md, Reopening).
      'step:Follow up on the reopened issue@service',
      'end:Close the issue@service',
    ]);
    expect(ways('product-defect')).toEqual([
      'Confirm with the customer → Close the issue [resolved]',
      'Find the root cause → Confirm with the customer [root_cause_found]',
      'Find the root cause → Ship a replacement [root_cause_found]',
      'Follow up on the reopened issue → Close the issue [solved]',
      'Investigate and offer a remedy → Find the root cause []',
      'Investigate and offer a remedy → Offer a remedy []',
      'Offer a remedy → Confirm with the customer [refund repair]',
      'Offer a remedy → Ship a replacement [replacement]',
      'Ship a replacement → Confirm with the customer [shipped]',
      'Triage the issue → Confirm with the customer [not_a_defect]',
      'Triage the issue → Investigate and offer a remedy [confirmed_defect]',
    ]);
  });

  it('delivery delay: one line from sales to production, back to sales, then service', () => {
    expect(ways('delivery-delay')).toEqual([
      'Follow up after the delivery → Close the issue [delivered]',
      'Follow up on the reopened issue → Close the issue [solved]',
      'Re-plan the delivery → Tell the customer the new date [replanned]',
      'Tell the customer the new date → Follow up after the delivery [customer_informed]',
      'Verify the order → Re-plan the delivery [order_verified]',
    ]);
    expect(mapOf('delivery-delay').lanes.map((lane) => lane.department)).toEqual(['sales', 'production', 'service', 'management']);
  });

  it('billing dispute: the manager’s approval is a step in the management lane, reached by a credit; a small credit goes straight on', () => {
    const map = mapOf('billing-dispute');
    expect(map.nodes.find((node) => node.id === 'Approve the credit')).toMatchObject({ kind: 'step', department: 'management', step: 'approval' });
    expect(ways('billing-dispute')).toEqual([
      'Approve the credit → Tell the customer the decision [approved rejected]',
      'Follow up on the reopened issue → Close the issue [solved]',
      'Review the dispute → Approve the credit [credit]',
      'Review the dispute → Tell the customer the decision [credit no_credit]',
      'Tell the customer the decision → Close the issue [customer_informed]',
    ]);
    expect(map.nodes.find((node) => node.id === 'decisions:Approve the credit')?.steps.sort()).toEqual(['approval-escalation', 'approval-failure']);
  });

  it('service request: the parts are shipped only when needed', () => {
    expect(ways('service-request')).toEqual([
      'Complete the service with the customer → Close the issue [customer_confirmed]',
      'Follow up on the reopened issue → Close the issue [solved]',
      'Schedule a visit → Visit the customer on site [visit_scheduled]',
      'Ship the parts → Complete the service with the customer [parts_shipped]',
      'Visit the customer on site → Complete the service with the customer [fixed_on_site]',
      'Visit the customer on site → Ship the parts [parts_needed]',
    ]);
  });

  it.each(flowIds)('%s: every human step is drawn exactly once, as a step or among one step’s manager decisions, with its names and outcomes', (flowId) => {
    const map = mapOf(flowId);
    const humanSteps = allStates(definitionOf(flowId)).filter(([, state]) => isHumanStep(state));
    const drawn = map.nodes.flatMap((node) => node.steps);
    expect(drawn.sort()).toEqual([...new Set(humanSteps.map(([, state]) => (state.Parameters!.Payload as { step: string }).step))].sort());
    for (const node of map.nodes.filter((candidate) => candidate.kind === 'step')) {
      expect(node.name?.zh, node.id).toBeTruthy();
      expect(node.outcomes?.length, node.id).toBeGreaterThan(0);
    }
    // Every department step has one box of manager decisions, in the management lane, linked from it.
    for (const node of map.nodes.filter((candidate) => candidate.kind === 'step' && candidate.department !== 'management')) {
      expect(map.edges).toContainEqual({ from: node.id, to: `decisions:${node.id}`, kind: 'decision', outcomes: [] });
    }
    // Reroutes and questions stay at their step: never drawn as a way forward.
    const forward = map.edges.flatMap((edge) => edge.outcomes.map((outcome) => outcome.id));
    expect(forward).not.toContain('reroute');
    expect(forward).not.toContain('ask_customer');
    expect(map.callout).toBeNull();
  });
});

describe('what the map says is waiting now', () => {
  it('a step rerouted to another department is a box in that department’s lane, and no longer counted in its own', () => {
    // Prepare: four remedies open, one of them rerouted to service.
    const live: LiveFigures = {
      steps: { remedy: { open: 4, claimed: 0, breached: 0 } },
      active: [task('remedy', 'sales', 'open', 1, 23), task('remedy', 'sales', 'open', 2, 22), task('remedy', 'sales', 'open', 3, 21), task('remedy', 'service', 'open', 5, 19)],
      now,
    };
    // Act
    const map = mapOf('product-defect', live);
    // Assess
    const home = map.nodes.find((node) => node.id === 'Offer a remedy')!;
    const moved = map.nodes.find((node) => node.id === 'Offer a remedy@service')!;
    expect(home).toMatchObject({ department: 'sales', counts: { open: 3, oldestWaitSeconds: 3 * 3600 } });
    expect(moved).toMatchObject({ kind: 'step', department: 'service', homeDepartment: 'sales', steps: ['remedy'], counts: { open: 1, claimed: 0, oldestWaitSeconds: 5 * 3600 } });
    expect(map.edges).toContainEqual({ from: 'Offer a remedy', to: 'Offer a remedy@service', kind: 'rerouted', outcomes: [] });
  });

  it('overdue now counts only the tasks a box holds; the issues a late step left with a manager are counted where they wait and named on the step', () => {
    // Prepare: triage breached 5 times so far; two escalations of late triages wait for a manager (one
    // claimed); of the two triage tasks open now one is past due.
    const live: LiveFigures = {
      steps: { triage: { open: 2, claimed: 0, breached: 5 }, 'triage-escalation': { open: 1, claimed: 1, breached: 0 } },
      active: [
        task('triage', 'service', 'open', 9, -1),
        task('triage', 'service', 'open', 1, 7),
        task('triage-escalation', 'management', 'open', 1, 23),
        task('triage-escalation', 'management', 'claimed', 2, 22),
      ],
      now,
    };
    // Act
    const map = mapOf('product-defect', live);
    // Assess
    expect(map.nodes.find((node) => node.id === 'Triage the issue')).toMatchObject({ counts: { open: 2, claimed: 0, overdueNow: 1, lateWithManager: 2, breachedPast: 5 }, wait: 'overdue' });
    expect(map.nodes.find((node) => node.id === 'decisions:Triage the issue')).toMatchObject({ counts: { open: 1, claimed: 1, overdueNow: 0, lateWithManager: 0 } });
    expect(map.callout).toMatchObject({ node: 'Triage the issue', reason: 'overdue', overdueNow: 1, open: 2, oldestWaitSeconds: 9 * 3600 });
    for (const node of map.nodes.filter((candidate) => candidate.counts)) expect(node.counts!.overdueNow).toBeLessThanOrEqual(node.counts!.open + node.counts!.claimed);
  });

  it('a step whose only issues wait for a manager because it ran late shows nothing open and says so, shaded overdue; the callout names the decisions box', () => {
    // Prepare: nothing open at triage; two late triages wait for a manager's decision.
    const live: LiveFigures = {
      steps: { triage: { open: 0, claimed: 0, breached: 2 }, 'triage-escalation': { open: 2, claimed: 0, breached: 0 } },
      active: [task('triage-escalation', 'management', 'open', 3, 21), task('triage-escalation', 'management', 'open', 1, 23)],
      now,
    };
    // Act
    const map = mapOf('product-defect', live);
    // Assess
    expect(map.nodes.find((node) => node.id === 'Triage the issue')).toMatchObject({ counts: { open: 0, claimed: 0, overdueNow: 0, lateWithManager: 2 }, wait: 'overdue' });
    expect(map.nodes.find((node) => node.id === 'decisions:Triage the issue')).toMatchObject({ counts: { open: 2, overdueNow: 0 } });
    expect(map.callout).toMatchObject({ node: 'decisions:Triage the issue', kind: 'decisions', reason: 'waiting', open: 2, overdueNow: 0 });
  });

  it('without anything overdue, the callout names the step whose oldest unclaimed task waited longest against its SLA, and shades by the wait', () => {
    // Prepare: three fresh triages (SLA 8 h) and one root cause waiting 30 h of its 2 days.
    const live: LiveFigures = {
      steps: { triage: { open: 3, claimed: 0, breached: 0 }, 'root-cause': { open: 1, claimed: 1, breached: 0 }, remedy: { open: 0, claimed: 1, breached: 0 } },
      active: [
        task('triage', 'service', 'open', 0.5, 7.5),
        task('triage', 'service', 'open', 0.4, 7.6),
        task('triage', 'service', 'open', 0.3, 7.7),
        task('root-cause', 'production', 'open', 30, 18),
        task('root-cause', 'production', 'claimed', 31, 17),
        task('remedy', 'sales', 'claimed', 2, 22),
      ],
      now,
    };
    // Act
    const map = mapOf('product-defect', live);
    // Assess
    const wait = (id: string) => map.nodes.find((node) => node.id === id)?.wait;
    expect([wait('Triage the issue'), wait('Find the root cause'), wait('Offer a remedy'), wait('Confirm with the customer')]).toEqual(['long', 'long', 'none', 'none']);
    expect(map.callout).toEqual({
      node: 'Find the root cause',
      kind: 'step',
      name: expect.objectContaining({ en: 'Find the root cause' }),
      department: 'production',
      reason: 'waiting',
      open: 1,
      overdueNow: 0,
      oldestWaitSeconds: 30 * 3600,
    });
  });
});
