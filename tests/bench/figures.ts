// `npm run bench:figures`: the managers' reads (the process map and the figures of a 30-day period)
// at 1,000, 10,000 and 100,000 issues, to show they cost the same: items and Queries read, read units,
// and latency over HTTP; and what one more issue's figure writes cost at each size (write units by
// AWS's rules), to show they do not grow either. Printed, never asserted. The aggregates of the
// simulated issues are made by the same domain functions as every change's (figureDeltas, from the
// events a change appends, split into the items that keep them by dayItemDeltas), summed in memory per
// item and written through the same write builders (dayItemUpdate, totalUpdate, flowFiguresWrite):
// ADD is additive, so the stored items are what one write per change would leave. Issues themselves
// are not stored: neither read touches them.
import '#infra/local/process-defaults.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { awsCallMeter, callsBetween } from '#shared/aws-call-meter.ts';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import { figureKeys } from '#shared/data/entities/figures-aggregate.ts';
import { flowFiguresEntity } from '#shared/data/entities/flow-figures-shard.ts';
import { dayItemUpdate, figureWrites, readFigureRows, totalUpdate } from '#shared/data/period-figures.ts';
import { queryAllOf } from '#shared/data/query-all.ts';
import { closureDeltas, flowFiguresWrite, figureNames, type FigureDeltas } from '#shared/data/step-stats.ts';
import { dayItemDeltas, type DayItem } from '#shared/domain/day-figure-items.ts';
import { figureDeltas, type FigureEvent, type FigureIssue } from '#shared/domain/figure-deltas.ts';
import { addDays } from '#shared/domain/period-figures.ts';
import { flowIds, flowVersions, type FlowId } from '#shared/flows/catalog.ts';
import { startTestBaton, type TestBaton } from '../support/local-baton.ts';
import { billedWrite, itemSize } from './write-units.ts';

const reads = Number(process.env.BENCH_READS ?? 30);
const hourMs = 3_600_000;

/** Each flow's human step ids, from its ASL (the `step` of every task's payload); read once per flow. */
const stepsOf = (flowId: FlowId) => (stepIds[flowId] ??= stepsInAsl(flowId));
const stepIds: Partial<Record<FlowId, string[]>> = {};
function stepsInAsl(flowId: FlowId): string[] {
  const steps = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'step' && typeof inner === 'string' && !/-(owner|escalation|failure)$/.test(inner)) steps.add(inner);
        else walk(inner);
      }
    }
  };
  walk(JSON.parse(readFileSync(path.join('workflows', `${flowId}.asl.json`), 'utf8')));
  return [...steps];
}

/** A deterministic pseudo-random sequence, so two runs fill the same figures. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => ((state = (state * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32);
}

/** The aggregate deltas of `count` issues over the 30 days up to `today`, summed per item to write. */
function simulate(from: number, count: number, today: string) {
  const next = random(from + 1);
  const dayItems = new Map<string, { flowId: string; day: string; version: number; shard: number; item: DayItem | 'total'; deltas: Record<string, number> }>();
  const mapItems = new Map<string, FigureDeltas>();
  const add = (target: Record<string, number>, deltas: Record<string, number>) => {
    for (const [name, delta] of Object.entries(deltas)) target[name] = (target[name] ?? 0) + delta;
  };
  for (let n = from; n < from + count; n++) {
    const flowId = flowIds[n % flowIds.length]!;
    // delivery-delay runs two versions at once, as after a deployment.
    const version = flowId === 'delivery-delay' && n % 3 === 0 ? flowVersions[flowId] - 1 : flowVersions[flowId];
    const opened = Date.parse(`${addDays(today, -Math.floor(next() * 30))}T00:00:00Z`) + Math.floor(next() * 20) * hourMs;
    const shard = Math.floor(next() * figureKeys.shardCount);
    const mapShard = `${flowId}|${Math.floor(next() * flowFiguresEntity.shardCount)}`;
    const issue: FigureIssue = { flowVersion: version, createdAt: new Date(opened).toISOString(), flowStartedAt: new Date(opened).toISOString(), holders: [], clocks: {}, reroutes: next() < 0.1 ? 1 : 0, bounces: 0 };
    const map = mapItems.get(mapShard) ?? mapItems.set(mapShard, {}).get(mapShard)!;
    const change = (at: number, events: FigureEvent[]) => {
      for (const { day, version: deltaVersion, deltas } of figureDeltas(issue, events, new Date(at).toISOString())) {
        // Split per change, as figureWrites does: which item a counter rides in depends on the change.
        for (const { item, attributes } of day === 'total' ? [{ item: 'total' as const, attributes: deltas }] : dayItemDeltas(deltas)) {
          const key = `${flowId}|${day}|${deltaVersion}|${item === 'total' || item === 'counters' ? shard : item}`;
          const kept = dayItems.get(key) ?? dayItems.set(key, { flowId, day, version: deltaVersion, shard, item, deltas: {} }).get(key)!;
          add(kept.deltas, attributes);
        }
      }
    };
    change(opened, [{ type: 'flow_started', data: { flowVersion: version } }]);
    add(map, { [figureNames.started]: 1 });
    let at = opened;
    const steps = stepsOf(flowId);
    const done = next() < 0.8 ? steps.length : Math.floor(next() * steps.length);
    for (const [index, step] of steps.entries()) {
      const openedAt = at;
      if (index >= done) {
        add(map, { [figureNames.step(step, 'open')]: 1 });
        break;
      }
      const claimedAt = openedAt + Math.floor(next() * 4 * hourMs);
      at = claimedAt + Math.floor(next() * 6 * hourMs);
      issue.clocks[step.length % 2 ? 'service' : 'sales'] = (issue.clocks[step.length % 2 ? 'service' : 'sales'] ?? 0) + (at - openedAt) / 1000;
      change(claimedAt, [{ type: 'task_claimed', data: { step, openedAt: new Date(openedAt).toISOString() } }]);
      change(at, [{ type: 'task_completed', data: { step, claimedAt: new Date(claimedAt).toISOString(), dueAt: new Date(openedAt + 8 * hourMs).toISOString() } }]);
      add(map, { [figureNames.step(step, 'completed')]: 1 });
    }
    if (done === steps.length) {
      change(at, [{ type: 'issue_closed' }]);
      add(map, closureDeltas(issue, new Date(at).toISOString()));
    }
  }
  const writes: TransactItem[] = [
    ...[...dayItems.values()].map((kept) =>
      kept.item === 'total' ? totalUpdate(kept.flowId, kept.version, kept.shard, kept.deltas) : dayItemUpdate(kept.flowId, kept.day, kept.version, kept.shard, kept.item, kept.deltas),
    ),
    ...[...mapItems.entries()].flatMap(([key, deltas]) => flowFiguresWrite(key.split('|')[0]!, deltas)),
  ];
  return writes;
}

async function write(items: TransactItem[]) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < items.length) await documentClient().send(new UpdateCommand(items[next++]!.Update!));
    }),
  );
}

/**
 * What one more issue's figure writes cost now: a delivery-delay issue opened 10 hours ago whose first
 * step is claimed, completed, and which then closes, each change's writes made by figureWrites as in
 * the change's own transaction, each item read before and after and billed by AWS's rules
 * (write-units.ts; twice, as in a transaction). With items whole from their first write, this does
 * not grow with the issues already counted.
 */
async function measureWrites(baton: TestBaton, issues: number) {
  const now = baton.clock.now();
  const at = (hoursAgo: number) => new Date(now - hoursAgo * hourMs).toISOString();
  const [step] = stepsOf('delivery-delay');
  const issue = { flowId: 'delivery-delay', flowVersion: flowVersions['delivery-delay'], createdAt: at(10), flowStartedAt: at(10), holders: [], clocks: { service: 7200 }, reroutes: 0, bounces: 0 };
  const changes: Array<[string, FigureEvent[], string]> = [
    ['flow started', [{ type: 'flow_started', data: { flowVersion: issue.flowVersion } }], at(10)],
    ['first claim', [{ type: 'task_claimed', data: { step, openedAt: at(10) } }], at(6)],
    ['completion', [{ type: 'task_completed', data: { step, claimedAt: at(6), dueAt: at(-2) } }], at(4)],
    ['closure', [{ type: 'issue_closed' }], at(4)],
  ];
  const read = async (key: Record<string, unknown>) => {
    const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: key, ConsistentRead: true }));
    return found.Item ? marshall(found.Item) : undefined;
  };
  const rows: Array<Record<string, string | number>> = [];
  for (const [what, events, when] of changes) {
    let units = 0;
    let largest = 0;
    const items: string[] = [];
    for (const write of figureWrites(issue, events, when)) {
      const before = await read(write.Update!.Key!);
      await documentClient().send(new UpdateCommand(write.Update!));
      const after = await read(write.Update!.Key!);
      units += billedWrite(before, after, { transactional: true, succeeded: true, indexes: [] }).table;
      largest = Math.max(largest, before ? itemSize(before) : 0, after ? itemSize(after) : 0);
      items.push(String(write.Update!.Key!.sk).split('#').slice(3).join('#') || 'total');
    }
    rows.push({ issues, change: what, 'items written': items.join(', '), 'largest item (bytes)': largest, 'write units (in a transaction)': units });
  }
  return rows;
}

const p = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function measure(baton: TestBaton, token: string, today: string, issues: number) {
  const from = addDays(today, -29);
  const rows: Array<Record<string, string | number>> = [];
  const routes = [
    { what: 'process map (one flow)', route: '/api/flows/product-defect/map', items: async () => (await queryAllOf(flowFiguresEntity.ofFlow('product-defect'))).length, queries: 1 },
    { what: 'figures, 30 days, one flow', route: `/api/figures?from=${from}&to=${today}&flowId=delivery-delay`, rows: () => readFigureRows({ from, to: today, today, flowId: 'delivery-delay' }) },
    { what: 'figures, 30 days, every flow', route: `/api/figures?from=${from}&to=${today}`, rows: () => readFigureRows({ from, to: today, today }) },
  ];
  for (const route of routes) {
    const samples: number[] = [];
    for (let i = 0; i < reads; i++) {
      const t0 = performance.now();
      const response = await baton.request('GET', route.route, { token });
      samples.push(performance.now() - t0);
      if (response.status !== 200) throw new Error(`${route.route}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    awsCallMeter.reportCapacity(true);
    const before = awsCallMeter.snapshot();
    await baton.request('GET', route.route, { token });
    const units = Object.values(callsBetween(before, awsCallMeter.snapshot())).reduce((total, count) => total + count.readUnits, 0);
    awsCallMeter.reportCapacity(false);
    const read = route.rows ? await route.rows() : { items: await route.items!(), queries: route.queries! };
    samples.sort((a, b) => a - b);
    rows.push({ issues, what: route.what, queries: read.queries, 'items read': read.items, 'read units': units, 'p50 ms': p(samples, 0.5).toFixed(1), 'p95 ms': p(samples, 0.95).toFixed(1) });
  }
  return rows;
}

const baton = await startTestBaton();
try {
  const token = await baton.login('manager');
  const today = new Date(baton.clock.now()).toISOString().slice(0, 10);
  const results: Array<Record<string, string | number>> = [];
  const writeResults: Array<Record<string, string | number>> = [];
  let filled = 0;
  for (const target of [1_000, 10_000, 100_000]) {
    const t0 = performance.now();
    const writes = simulate(filled, target - filled, today);
    await write(writes);
    console.log(`Filled ${target.toLocaleString('en')} issues' aggregates (${writes.length} item updates) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    filled = target;
    const measured = await measure(baton, token, today, target);
    console.table(measured);
    results.push(...measured);
    const written = await measureWrites(baton, target);
    console.table(written);
    writeResults.push(...written);
  }
  console.log('Every size, reads:');
  console.table(results);
  console.log('Every size, one more issue’s figure writes:');
  console.table(writeResults);
} finally {
  await baton.dispose();
}
