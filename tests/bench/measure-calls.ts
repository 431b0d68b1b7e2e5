// Counts what Baton asks of AWS per operation and per issue, one operation at a time so that the
// meter's before/after difference belongs to that operation alone.
import { performance } from 'node:perf_hooks';
import { awsCallMeter, backgroundOrigins, callsBetween, hotPath, type CallCounts } from '#shared/aws-call-meter.ts';
import { tableIndexes } from '#shared/data/table-definition.ts';
import type { FlowId } from '#shared/flows/catalog.ts';
import { lambdaSecondsModelled, type IssueProfile } from './capacity-model.ts';
import { executionEnded, stateTransitions, stepLambdaRuns, type Probe } from './probe.ts';
import { usualPaths, type Staff } from './usual-paths.ts';
import { sampleIssue, type TestBaton } from '../support/local-baton.ts';
import { printCallList, startCallList } from './call-list.ts';
import { billedWrite, byItemType, itemSize, itemTypeOf, type BilledItemWrite, type ItemTypeWrites } from './write-units.ts';

export interface OperationCount {
  /** Mean calls per operation, by action, with the DynamoDB capacity they reported. */
  calls: CallCounts;
  stateTransitions: number;
  samples: number;
  /** Mean write units per place (`table`, each index), as DynamoDB Local reported them. */
  writeUnitsByPlace: Record<string, number>;
  /** Mean write units by AWS's billing rules (write-units.ts), by item type. */
  billed: Record<string, ItemTypeWrites>;
}

export interface MeasuredFlow {
  flowId: FlowId;
  profile: IssueProfile;
  /** Step Lambdas the execution invoked (the rest of the invocations are API routes and the outbox's sender). */
  stepLambdas: number;
  /** Runs of the outbox's sender (stream batches) the issue's messages caused, and the calls they made. */
  senderRuns: number;
  senderCalls: number;
  /** The issue's item writes by item type, billed by AWS's rules (write-units.ts). */
  itemTypes: Record<string, ItemTypeWrites>;
  /** Write units DynamoDB Local reported, by place: `table` and each index (hot path and outbox sender). */
  writeUnitsByPlace: Record<string, number>;
  /** Hot-path calls of each operation along the path: the intake up to its first task, each claim, each completion until the flow settled. */
  operations: { intake: number; claims: number[]; completions: number[] };
}

/** Every item write Baton made while the benchmark counts, billed by AWS's rules from the item read before and after. */
const billedWrites: BilledItemWrite[] = [];
export function billWrites(probe: Probe | undefined) {
  if (!probe) return awsCallMeter.observeWrites(undefined);
  awsCallMeter.observeWrites(async (writes) => {
    const before = await Promise.all(writes.map((write) => probe.storedItem(write.key)));
    return async (succeeded) => {
      const after = await Promise.all(writes.map((write) => probe.storedItem(write.key)));
      writes.forEach((write, i) => {
        const [old, next] = [before[i], after[i]];
        billedWrites.push({
          ...billedWrite(old, next, { transactional: write.transactional, succeeded, indexes: tableIndexes }),
          itemType: itemTypeOf(write.key, next ?? old),
          transactional: write.transactional,
          bytes: Math.max(old ? itemSize(old) : 0, next ? itemSize(next) : 0),
        });
      });
    };
  });
}

/** Billed writes by item type, divided by `samples`. */
function perSample(types: Record<string, ItemTypeWrites>, samples: number): Record<string, ItemTypeWrites> {
  for (const type of Object.values(types)) {
    type.writes /= samples;
    type.transactional /= samples;
    type.tableUnits /= samples;
    for (const index of Object.keys(type.indexUnits)) type.indexUnits[index]! /= samples;
  }
  return types;
}

/** Write units of billed writes by item type: the table's and every index's. */
export const billedUnits = (types: Record<string, ItemTypeWrites>) =>
  Object.values(types).reduce((sum, type) => sum + type.tableUnits + Object.values(type.indexUnits).reduce((inIndexes, units) => inIndexes + units, 0), 0);

const issueOrigins = [hotPath, backgroundOrigins.outboxSender];
const placesNow = () => issueOrigins.map((origin) => awsCallMeter.writeUnitsByPlace(origin));
/** Write units per place since `before`, of the given origins (an issue's: the hot path and the outbox sender). */
function placesSince(before: Array<Record<string, number>>, origins = issueOrigins): Record<string, number> {
  const difference: Record<string, number> = {};
  placesNow().forEach((after, i) => {
    if (!origins.includes(issueOrigins[i]!)) return;
    for (const [place, units] of Object.entries(after)) {
      const added = units - (before[i]?.[place] ?? 0);
      if (added > 0) difference[place] = (difference[place] ?? 0) + added;
    }
  });
  return difference;
}

let customers = 0;
const newCustomerIssue = (category: string) => {
  customers += 1;
  const tag = `${process.pid}-${customers}`;
  return sampleIssue({ category, customer: { name: `Bench ${tag}`, email: `bench-${tag}@example.com` }, orderRef: `BENCH-${tag}` });
};

function meanOf(totals: CallCounts, samples: number): CallCounts {
  return Object.fromEntries(
    Object.entries(totals).map(([action, count]) => [action, { calls: count.calls / samples, readUnits: count.readUnits / samples, writeUnits: count.writeUnits / samples }]),
  );
}

function addInto(totals: CallCounts, counts: CallCounts) {
  for (const [action, count] of Object.entries(counts)) {
    const total = (totals[action] ??= { calls: 0, readUnits: 0, writeUnits: 0 });
    total.calls += count.calls;
    total.readUnits += count.readUnits;
    total.writeUnits += count.writeUnits;
  }
}

export const totalCalls = (counts: CallCounts) => Object.values(counts).reduce((sum, count) => sum + count.calls, 0);

function expectStatus(response: { status: number; body: unknown }, status: number, what: string) {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
}

/**
 * Intake (up to its first task being open), claim, and a completion that opens the next two steps
 * (product-defect triage → root cause ‖ remedy), `samples` times each, first task included.
 */
export async function countOperations(baton: TestBaton, probe: Probe, tokens: Record<Staff, string>, samples: number) {
  const totals = { intake: {} as CallCounts, claim: {} as CallCounts, completion: {} as CallCounts };
  const transitions = { intake: 0, claim: 0, completion: 0 };
  const places = { intake: {} as Record<string, number>, claim: {} as Record<string, number>, completion: {} as Record<string, number> };
  const billed = { intake: [] as BilledItemWrite[], claim: [] as BilledItemWrite[], completion: [] as BilledItemWrite[] };
  let firstBilled = billedWrites.length;
  const takeBilled = (into: BilledItemWrite[]) => {
    into.push(...billedWrites.slice(firstBilled));
    firstBilled = billedWrites.length;
  };
  const addPlaces = (into: Record<string, number>, added: Record<string, number>) => {
    for (const [place, units] of Object.entries(added)) into[place] = (into[place] ?? 0) + units;
  };
  for (let i = 0; i < samples; i++) {
    let placesBefore = placesNow();
    firstBilled = billedWrites.length;
    let before = awsCallMeter.snapshot();
    startCallList();
    const submitted = await baton.request('POST', '/api/issues', { body: newCustomerIssue('product-defect') });
    expectStatus(submitted, 201, 'intake');
    const issueId = submitted.body.issueId as string;
    let history = await probe.settle(issueId, ({ openSteps }) => openSteps.includes('triage'));
    addInto(totals.intake, callsBetween(before, awsCallMeter.snapshot()));
    printCallList(`counted intake ${i + 1}`);
    addPlaces(places.intake, placesSince(placesBefore, [hotPath]));
    takeBilled(billed.intake);
    transitions.intake += stateTransitions(history);
    const triage = (await probe.openTasks(issueId)).find((task) => task.step === 'triage')!;

    placesBefore = placesNow();
    before = awsCallMeter.snapshot();
    expectStatus(await baton.request('POST', `/api/tasks/${triage.taskId}/claim`, { token: tokens.service }), 200, 'claim');
    history = await probe.settle(issueId, () => true);
    addInto(totals.claim, callsBetween(before, awsCallMeter.snapshot()));
    printCallList(`counted claim ${i + 1}`);
    addPlaces(places.claim, placesSince(placesBefore, [hotPath]));
    takeBilled(billed.claim);

    placesBefore = placesNow();
    before = awsCallMeter.snapshot();
    const transitionsBefore = stateTransitions(history);
    const completed = await baton.request('POST', `/api/tasks/${triage.taskId}/complete`, {
      token: tokens.service,
      body: { outcome: 'confirmed_defect', fields: { findings: 'bench' }, packet: { summary: 'bench' } },
    });
    expectStatus(completed, 200, 'completion');
    history = await probe.settle(issueId, ({ openSteps }) => openSteps.includes('root-cause') && openSteps.includes('remedy'));
    addInto(totals.completion, callsBetween(before, awsCallMeter.snapshot()));
    printCallList(`counted completion ${i + 1} (opens root cause and remedy)`);
    addPlaces(places.completion, placesSince(placesBefore, [hotPath]));
    takeBilled(billed.completion);
    transitions.completion += stateTransitions(history) - transitionsBefore;
  }
  const operation = (key: keyof typeof totals): OperationCount => ({
    calls: meanOf(totals[key], samples),
    stateTransitions: transitions[key] / samples,
    samples,
    writeUnitsByPlace: Object.fromEntries(Object.entries(places[key]).map(([place, units]) => [place, units / samples])),
    billed: perSample(byItemType(billed[key]), samples),
  });
  return { intake: operation('intake'), claim: operation('claim'), completion: operation('completion') };
}

/** One issue of the flow from intake to closed along its usual path: everything it asked of AWS. */
export async function measureUsualPath(baton: TestBaton, probe: Probe, tokens: Record<Staff, string>, flowId: FlowId): Promise<MeasuredFlow> {
  const routeMs: number[] = [];
  const timedRequest = async (...args: Parameters<TestBaton['request']>) => {
    const started = performance.now();
    const response = await baton.request(...args);
    routeMs.push(performance.now() - started);
    return response;
  };
  const before = awsCallMeter.snapshot();
  const placesBefore = placesNow();
  const firstWrite = billedWrites.length;
  const senderBefore = awsCallMeter.snapshot(backgroundOrigins.outboxSender);
  const senderRunsBefore = awsCallMeter.backgroundRuns()[backgroundOrigins.outboxSender] ?? 0;
  // Each operation's hot-path calls: from its request until the flow settled (its next tasks open).
  const operations: MeasuredFlow['operations'] = { intake: 0, claims: [], completions: [] };
  let mark = before;
  const operationEnded = (title: string) => {
    const now = awsCallMeter.snapshot();
    const calls = totalCalls(callsBetween(mark, now));
    mark = now;
    printCallList(`${flowId}: ${title}`);
    return calls;
  };
  startCallList();
  const submitted = await timedRequest('POST', '/api/issues', { body: newCustomerIssue(flowId) });
  expectStatus(submitted, 201, `${flowId} intake`);
  const issueId = submitted.body.issueId as string;
  let previous: string | undefined;
  for (const step of usualPaths[flowId]) {
    await probe.settle(issueId, ({ openSteps }) => openSteps.includes(step.step));
    if (previous) operations.completions.push(operationEnded(`completion of ${previous}`));
    else operations.intake = operationEnded('intake');
    const task = (await probe.openTasks(issueId)).find((open) => open.step === step.step)!;
    expectStatus(await timedRequest('POST', `/api/tasks/${task.taskId}/claim`, { token: tokens[step.as] }), 200, `${flowId} claim ${step.step}`);
    await probe.settle(issueId, () => true);
    operations.claims.push(operationEnded(`claim of ${step.step}`));
    const completed = await timedRequest('POST', `/api/tasks/${task.taskId}/complete`, {
      token: tokens[step.as],
      body: { outcome: step.outcome, fields: step.fields, packet: { summary: `${step.step}: ${step.outcome}` } },
    });
    expectStatus(completed, 200, `${flowId} complete ${step.step}`);
    previous = step.step;
  }
  const history = await probe.settle(issueId, ({ history: events }) => executionEnded(events));
  operations.completions.push(operationEnded(`completion of ${previous} (closes the issue)`));
  if (!history.some((event) => event.type === 'ExecutionSucceeded')) throw new Error(`${flowId}: the execution of ${issueId} did not succeed.`);
  // The outbox's sender is a Lambda of its own on AWS, triggered by the table's stream: its calls are
  // no request's round trips, but they are this issue's cost.
  const senderCalls = callsBetween(senderBefore, awsCallMeter.snapshot(backgroundOrigins.outboxSender));
  const senderRuns = (awsCallMeter.backgroundRuns()[backgroundOrigins.outboxSender] ?? 0) - senderRunsBefore;
  const calls = callsBetween(before, awsCallMeter.snapshot());
  addInto(calls, senderCalls);
  const writeUnitsByPlace = placesSince(placesBefore);
  const itemTypes = byItemType(billedWrites.slice(firstWrite));
  // Read after the meter: the issue's history says how often it left the open list and came back.
  const view = await baton.request('GET', `/api/issues/${issueId}`, { token: tokens[usualPaths[flowId][0]!.as] });
  const events = (view.body.events ?? []) as Array<{ type: string; department?: string }>;
  const excursions = events.filter((event) => event.type === 'customer_asked' || (event.type === 'task_opened' && event.department === 'management')).length;
  const stepMs = stepLambdaRuns(history);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const timedInvocations = routeMs.length + stepMs.length;
  const invocations = timedInvocations + senderRuns;
  const callCounts = Object.fromEntries(Object.entries(calls).map(([action, count]) => [action, count.calls]));
  return {
    flowId,
    stepLambdas: stepMs.length,
    senderRuns,
    senderCalls: totalCalls(senderCalls),
    itemTypes,
    writeUnitsByPlace,
    operations,
    profile: {
      calls: callCounts,
      readUnits: sum(Object.values(calls).map((count) => count.readUnits)),
      // What AWS bills by its rules, from the writes counted and the items' sizes (write-units.ts); DynamoDB Local's own report is `reportedWriteUnits`.
      writeUnits: billedUnits(itemTypes),
      reportedWriteUnits: sum(Object.values(calls).map((count) => count.writeUnits)),
      stateTransitions: stateTransitions(history),
      lambdaInvocations: invocations,
      lambdaSecondsEach: lambdaSecondsModelled(callCounts, invocations),
      // Printed only: the route and step Lambdas as timed here (the sender's runs are not timed).
      localSecondsEach: (sum(routeMs) + sum(stepMs)) / timedInvocations / 1000,
      apiRequests: routeMs.length,
      statusListWrites: 2 + 2 * excursions,
    },
  };
}
