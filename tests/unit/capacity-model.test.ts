import { describe, expect, it } from 'vitest';
import { checkGoals, estimateCapacity, lambdaSecondsModelled, meanProfile, type IssueProfile, type PriceTable, type QuotaTable } from '../bench/capacity-model.ts';
import { billedWrite, itemSize, type BilledIndex } from '../bench/write-units.ts';

const quota = (name: string, perSecond: number) => ({ name, perSecond, source: 'test', read: 'test' });

// Round numbers, so every figure below can be checked by hand.
const quotas: QuotaTable = {
  actions: { StartExecution: quota('StartExecution', 100), SendTaskSuccess: quota('SendTaskSuccess', 200) },
  stateTransitions: quota('state transitions', 1000),
  lambdaConcurrency: quota('Lambda concurrency', 100),
  tableReads: quota('table reads', 1000),
  tableWrites: quota('table writes', 1000),
  partitionWrites: quota('partition writes', 100),
  httpApi: quota('HTTP API', 1000),
};

const prices: PriceTable = {
  stateTransition: { usd: 0.001 },
  lambdaRequest: { usd: 0.0001 },
  lambdaGbSecondArm: { usd: 0.01 },
  lambdaGbSecondX86: { usd: 0.02 },
  readRequestUnit: { usd: 0.0002 },
  writeRequestUnit: { usd: 0.001 },
  httpApiRequest: { usd: 0.0005 },
};

const issue: IssueProfile = {
  calls: { StartExecution: 1, SendTaskSuccess: 4, GetItem: 10, TransactWriteItems: 5, UpdateItem: 1 },
  readUnits: 10,
  writeUnits: 20,
  stateTransitions: 40,
  lambdaInvocations: 10,
  lambdaSecondsEach: 0.1,
  apiRequests: 9,
  statusListWrites: 6,
};

describe('how many issues per second the quotas allow', () => {
  it('divides each quota by what one issue uses and names the tightest as binding', () => {
    // Act
    const estimate = estimateCapacity(issue, { memoryMb: 512, architecture: 'arm64' }, quotas, prices);
    // Assess: 6 writes to the status list against 100 WRU/s on one partition bind first, at 16.7 issues/s.
    expect(estimate.binding).toEqual({ quota: 'partition writes', perIssue: 6, issuesPerSecond: 100 / 6 });
    expect(Object.fromEntries(estimate.limits.map((limit) => [limit.quota, limit.issuesPerSecond]))).toEqual({
      'partition writes': 100 / 6,
      'state transitions': 25,
      SendTaskSuccess: 50,
      'table writes': 50,
      StartExecution: 100,
      'Lambda concurrency': 100,
      'table reads': 100,
      'HTTP API': 1000 / 9,
    });
    expect(estimate.limits.map((limit) => limit.issuesPerSecond)).toEqual([...estimate.limits.map((limit) => limit.issuesPerSecond)].sort((a, b) => a - b));
  });

  it('an action without a published quota (GetItem) limits nothing', () => {
    const estimate = estimateCapacity({ ...issue, calls: { GetItem: 100 }, statusListWrites: 0 }, { memoryMb: 512, architecture: 'arm64' }, quotas, prices);
    expect(estimate.limits.map((limit) => limit.quota)).not.toContain('GetItem');
    expect(estimate.binding.quota).toBe('state transitions');
  });

  it('nothing measured is an error, not infinite capacity', () => {
    const nothing: IssueProfile = { calls: {}, readUnits: 0, writeUnits: 0, stateTransitions: 0, lambdaInvocations: 0, lambdaSecondsEach: 0, apiRequests: 0, statusListWrites: 0 };
    expect(() => estimateCapacity(nothing, { memoryMb: 512, architecture: 'arm64' }, quotas, prices)).toThrow(/nothing was measured/);
  });
});

describe('what 1,000 issues cost', () => {
  it('prices transitions, Lambda requests and GB-seconds at the configured memory, request units and API requests', () => {
    // Act
    const { costPer1000 } = estimateCapacity(issue, { memoryMb: 512, architecture: 'arm64' }, quotas, prices);
    // Assess: per issue 40 × 0.001; 10 × (0.0001 + 0.1 s × 0.5 GB × 0.01); 10 × 0.0002 + 20 × 0.001; 9 × 0.0005.
    expect(costPer1000.stepFunctions).toBeCloseTo(40, 9);
    expect(costPer1000.lambda).toBeCloseTo(6, 9);
    expect(costPer1000.dynamodb).toBeCloseTo(22, 9);
    expect(costPer1000.httpApi).toBeCloseTo(4.5, 9);
    expect(costPer1000.total).toBeCloseTo(72.5, 9);
  });

  it('x86_64 is priced at its own GB-second rate', () => {
    const { costPer1000 } = estimateCapacity(issue, { memoryMb: 1024, architecture: 'x86_64' }, quotas, prices);
    expect(costPer1000.lambda).toBeCloseTo(1000 * 10 * (0.0001 + 0.1 * 1 * 0.02), 9);
  });
});

describe('a mix of flows and the goals', () => {
  it('averages flows equally, weighting Lambda duration by invocations', () => {
    const short = { ...issue, lambdaInvocations: 10, lambdaSecondsEach: 0.1, calls: { StartExecution: 1 } };
    const long = { ...issue, lambdaInvocations: 30, lambdaSecondsEach: 0.3, calls: { StartExecution: 1, SendTaskSuccess: 2 } };
    const mix = meanProfile([short, long]);
    expect(mix.calls).toEqual({ StartExecution: 1, SendTaskSuccess: 1 });
    expect(mix.lambdaInvocations).toBe(20);
    // (10 × 0.1 + 30 × 0.3) / 2 = 5 Lambda-seconds per issue, over 20 invocations.
    expect(mix.lambdaSecondsEach).toBeCloseTo(0.25, 9);
  });

  it('marks each goal met or not met against the measured figures', () => {
    const estimate = estimateCapacity(issue, { memoryMb: 512, architecture: 'arm64' }, quotas, prices);
    const checks = checkGoals(estimate, { intake: 5, claim: 4, completionOpeningTwo: 8 });
    expect(checks.map((check) => check.met)).toEqual([false, false, true, false, true]);
    expect(checks[0]?.measured).toBeCloseTo(100 / 6, 9);
    expect(checks[1]?.measured).toBeCloseTo(72.5, 9);
    expect(checks.slice(2).map((check) => check.measured)).toEqual([5, 4, 8]);
  });

  it('models a Lambda’s duration from the calls it was counted making: each a round trip, plus its own work', () => {
    // Prepare: 30 calls over 10 invocations, 10 ms a call and 5 ms of work each
    const model = { perAwsCallMs: 10, computeMsPerInvocation: 5, source: 'test' };
    // Act
    const seconds = lambdaSecondsModelled({ GetItem: 12, TransactWriteItems: 18 }, 10, model);
    // Assess
    expect(seconds).toBeCloseTo((30 * 10 + 10 * 5) / 10 / 1000, 9);
    expect(lambdaSecondsModelled({ GetItem: 3 }, 0, model)).toBe(0);
  });
});

describe('write units by AWS’s rules (what the bench prices)', () => {
  const s = (text: string) => ({ S: text });
  const queue: BilledIndex = { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: { type: 'INCLUDE', attributes: ['status'] } };
  const small = { pk: s('TASK#1'), sk: s('TASK'), status: s('open'), note: s('a'), gsi1pk: s('QUEUE#sales'), gsi1sk: s('2026') };

  it('bills a write one unit per started KB of the larger image, twice in a transaction', () => {
    // Prepare
    const large = { ...small, note: s('x'.repeat(1500)) };
    // Act
    const inTransaction = billedWrite(small, large, { transactional: true, succeeded: true, indexes: [] });
    const alone = billedWrite(large, small, { transactional: false, succeeded: true, indexes: [] });
    const tiny = billedWrite(undefined, small, { transactional: true, succeeded: true, indexes: [] });
    // Assess
    expect(inTransaction.table).toBe(4);
    expect(alone.table).toBe(2);
    expect(tiny.table).toBe(2);
  });

  it('bills an index only where the entry is put, removed or changed: a moved key twice', () => {
    // Act
    const entered = billedWrite(undefined, small, { transactional: false, succeeded: true, indexes: [queue] });
    const unprojectedChange = billedWrite(small, { ...small, note: s('b') }, { transactional: false, succeeded: true, indexes: [queue] });
    const projectedChange = billedWrite(small, { ...small, status: s('claimed') }, { transactional: true, succeeded: true, indexes: [queue] });
    const moved = billedWrite(small, { ...small, gsi1sk: s('2027') }, { transactional: false, succeeded: true, indexes: [queue] });
    const { gsi1pk: _pk, gsi1sk: _sk, ...unlisted } = small;
    const left = billedWrite(small, unlisted, { transactional: false, succeeded: true, indexes: [queue] });
    const refused = billedWrite(small, small, { transactional: true, succeeded: false, indexes: [queue] });
    // Assess
    expect(entered.indexes).toEqual({ gsi1: 1 });
    expect(unprojectedChange.indexes).toEqual({});
    expect(projectedChange.indexes).toEqual({ gsi1: 2 });
    expect(moved.indexes).toEqual({ gsi1: 2 });
    expect(left.indexes).toEqual({ gsi1: 1 });
    expect(refused).toEqual({ table: 2, indexes: {} });
  });

  it('sizes an item by its attribute names and values', () => {
    expect(itemSize({ pk: s('ab'), n: { N: '12345' }, m: { M: { k: s('v') } } })).toBe(2 + 2 + 1 + 4 + 1 + (3 + 1 + 1 + 1));
  });
});
