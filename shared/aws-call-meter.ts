// Counts every AWS call Baton's own clients make, by action, and the DynamoDB capacity each reports:
// an SDK middleware cheap enough to stay on (a map increment per call). `npm run bench` reads it.
// Calls are counted per origin: what requests and the flow's steps ask (the hot path, by default) apart
// from background work (the outbox's sender, the sweeper), which runs in its own Lambda on AWS and is
// no round trip of any request.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ActionCount {
  calls: number;
  /** Read/write request units DynamoDB reported (`ConsumedCapacity`); 0 when it reported none. */
  readUnits: number;
  writeUnits: number;
}

export type CallCounts = Record<string, ActionCount>;

/** Where a call comes from: `hotPath` unless it runs inside `meteredAs`. */
export const hotPath = 'hot path';
/** The background work the local runtime runs in-process (each its own Lambda on AWS). */
export const backgroundOrigins = { outboxSender: 'outbox sender', sweeper: 'sweeper' } as const;
const origins = new AsyncLocalStorage<string>();
const countsByOrigin = new Map<string, Map<string, ActionCount>>();
/** How often each background origin ran (one Lambda invocation each on AWS). */
const runsByOrigin = new Map<string, number>();
let askForCapacity = false;

const countsOf = (origin: string) => {
  let counts = countsByOrigin.get(origin);
  if (!counts) countsByOrigin.set(origin, (counts = new Map()));
  return counts;
};

/** Runs background work (one invocation of its Lambda on AWS) with its calls counted under `origin`. */
export function meteredAs<T>(origin: string, work: () => T): T {
  runsByOrigin.set(origin, (runsByOrigin.get(origin) ?? 0) + 1);
  return origins.run(origin, work);
}

interface ReportedCapacity {
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  CapacityUnits?: number;
  /** With `ReturnConsumedCapacity: 'INDEXES'`: the table's own part and each index's. */
  Table?: ReportedCapacity;
  GlobalSecondaryIndexes?: Record<string, ReportedCapacity>;
}

/** Write units by where DynamoDB spent them: `table` or an index's physical name, per origin (the benchmark's breakdown). */
const writeUnitsByPlace = new Map<string, Map<string, number>>();

const writesOf = (capacity: ReportedCapacity | undefined) => capacity?.WriteCapacityUnits ?? capacity?.CapacityUnits ?? 0;

function addWritePlaces(origin: string, action: string, reported: ReportedCapacity | ReportedCapacity[] | undefined) {
  // Only the benchmark asks for capacity: production pays nothing here, not even the action's test.
  if (!askForCapacity || !/Write|Put|Update|Delete/.test(action)) return;
  let places = writeUnitsByPlace.get(origin);
  if (!places) writeUnitsByPlace.set(origin, (places = new Map()));
  for (const capacity of [reported ?? []].flat()) {
    const parts: Array<[string, number]> = [['table', writesOf(capacity.Table)], ...Object.entries(capacity.GlobalSecondaryIndexes ?? {}).map(([name, units]): [string, number] => [name, writesOf(units)])];
    for (const [place, units] of parts) if (units > 0) places.set(place, (places.get(place) ?? 0) + units);
  }
}

/** One item a write call touched, as the benchmark's write log sees it. */
export interface ItemWrite {
  action: string;
  /** `Put`, `Update`, `Delete` or `ConditionCheck` (a transaction's part), else the call's own action. */
  kind: string;
  key: Record<string, unknown>;
  /** A transaction's part: DynamoDB bills it twice. */
  transactional: boolean;
}
/**
 * Told of a write call's items before it is sent; what it returns is called once the call answered
 * (`succeeded` false: refused or failed), so the benchmark can read each item before and after.
 */
export type WriteObserver = (writes: ItemWrite[]) => Promise<(succeeded: boolean) => Promise<void>>;
let writeObserver: WriteObserver | undefined;

/** One call as sent (before serialization), with where it came from: what the benchmark's call list prints. */
export interface SentCall {
  origin: string;
  action: string;
  input: Readonly<Record<string, unknown>>;
}
let callObserver: ((call: SentCall) => void) | undefined;

/** The items a write call names, with their keys (a Put names its whole item). */
function itemWritesOf(action: string, input: Record<string, unknown>): ItemWrite[] {
  const keyOf = (request: { Key?: Record<string, unknown>; Item?: Record<string, unknown> }) => request.Key ?? pickKey(request.Item ?? {});
  if (action === 'TransactWriteItems') {
    return ((input.TransactItems ?? []) as Array<Record<string, { Key?: Record<string, unknown>; Item?: Record<string, unknown> }>>).flatMap((part) =>
      Object.entries(part).map(([kind, request]) => ({ action, kind, key: keyOf(request), transactional: true })),
    );
  }
  if (action === 'BatchWriteItem') {
    return Object.values((input.RequestItems ?? {}) as Record<string, Array<Record<string, { Key?: Record<string, unknown>; Item?: Record<string, unknown> }>>>).flatMap((requests) =>
      requests.flatMap((request) => Object.entries(request).map(([kind, part]) => ({ action, kind, key: keyOf(part), transactional: false }))),
    );
  }
  if (['PutItem', 'UpdateItem', 'DeleteItem'].includes(action)) {
    return [{ action, kind: action, key: keyOf(input as { Key?: Record<string, unknown>; Item?: Record<string, unknown> }), transactional: false }];
  }
  return [];
}
const pickKey = (item: Record<string, unknown>) => ({ pk: item.pk, sk: item.sk });

/** Capacity per call; a total without a read/write split counts as writes only for writing actions. */
function addCapacity(count: ActionCount, action: string, reported: ReportedCapacity | ReportedCapacity[] | undefined) {
  for (const capacity of [reported ?? []].flat()) {
    const reads = capacity.ReadCapacityUnits;
    const writes = capacity.WriteCapacityUnits;
    if (reads === undefined && writes === undefined) {
      if (/Write|Put|Update|Delete/.test(action)) count.writeUnits += capacity.CapacityUnits ?? 0;
      else count.readUnits += capacity.CapacityUnits ?? 0;
    } else {
      count.readUnits += reads ?? 0;
      count.writeUnits += writes ?? 0;
    }
  }
}

/** The part of an SDK v3 client's middleware stack the meter uses (the SDK's own types differ per client). */
interface MeteredStack {
  add(
    middleware: (
      next: (args: { input: object }) => Promise<{ output: object }>,
      context: { commandName?: string },
    ) => (args: { input: object }) => Promise<{ output: object }>,
    options: { step: 'serialize'; priority: 'high'; name: string },
  ): void;
}
interface MeteredClient {
  middlewareStack: object;
}

/** DynamoDB actions that accept `ReturnConsumedCapacity`. */
const capacityActions = new Set(['GetItem', 'Query', 'Scan', 'PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'TransactGetItems', 'BatchGetItem', 'BatchWriteItem']);

/**
 * Attaches the meter to a client. It sits before serialization, so a call is counted once however
 * often the SDK retries it, and a call that fails (a refused condition, an existing execution) counts too.
 */
export function meterAwsCalls<Client extends MeteredClient>(client: Client): Client {
  (client.middlewareStack as MeteredStack).add(
    (next, context) => async (args) => {
      const action = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
      const counts = countsOf(origins.getStore() ?? hotPath);
      const count = counts.get(action) ?? { calls: 0, readUnits: 0, writeUnits: 0 };
      counts.set(action, count);
      count.calls += 1;
      const input = args.input as Record<string, unknown>;
      callObserver?.({ origin: origins.getStore() ?? hotPath, action, input });
      if (askForCapacity && capacityActions.has(action) && input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = 'INDEXES';
      const writes = writeObserver ? itemWritesOf(action, input) : [];
      const answered = writeObserver && writes.length ? await writeObserver(writes) : undefined;
      let result: Awaited<ReturnType<typeof next>>;
      try {
        result = await next(args);
      } catch (error) {
        await answered?.(false);
        throw error;
      }
      await answered?.(true);
      const consumed = (result.output as { ConsumedCapacity?: ReportedCapacity | ReportedCapacity[] }).ConsumedCapacity;
      addCapacity(count, action, consumed);
      addWritePlaces(origins.getStore() ?? hotPath, action, consumed);
      return result;
    },
    { step: 'serialize', priority: 'high', name: 'batonAwsCallMeter' },
  );
  return client;
}

export const awsCallMeter = {
  /** The counts so far of one origin (a copy); the hot path's by default. */
  snapshot(origin = hotPath): CallCounts {
    return Object.fromEntries([...countsOf(origin)].map(([action, count]) => [action, { ...count }]));
  },
  /** The background origins seen so far and how often each ran. */
  backgroundRuns(): Record<string, number> {
    return Object.fromEntries(runsByOrigin);
  },
  /**
   * Has DynamoDB report the capacity of each call, the table's and each index's
   * (`ReturnConsumedCapacity: 'INDEXES'`). Off by default: only the benchmark turns it on, so what
   * production sends is unchanged.
   */
  reportCapacity(on: boolean) {
    askForCapacity = on;
  },
  /** Write units so far by place (`table` or an index's physical name) of one origin; reported only while `reportCapacity` is on. */
  writeUnitsByPlace(origin = hotPath): Record<string, number> {
    return Object.fromEntries(writeUnitsByPlace.get(origin) ?? []);
  },
  /** Has `observer` see every item a write call names, before and after the call (the benchmark sizes them); undefined stops it. */
  observeWrites(observer: WriteObserver | undefined) {
    writeObserver = observer;
  },
  /** Has `observer` see every call as it is sent, with its origin (the benchmark lists them); undefined stops it. */
  observeCalls(observer: ((call: SentCall) => void) | undefined) {
    callObserver = observer;
  },
};

/** What happened between two snapshots. */
export function callsBetween(before: CallCounts, after: CallCounts): CallCounts {
  const difference: CallCounts = {};
  for (const [action, count] of Object.entries(after)) {
    const earlier = before[action] ?? { calls: 0, readUnits: 0, writeUnits: 0 };
    if (count.calls === earlier.calls) continue;
    difference[action] = {
      calls: count.calls - earlier.calls,
      readUnits: count.readUnits - earlier.readUnits,
      writeUnits: count.writeUnits - earlier.writeUnits,
    };
  }
  return difference;
}
