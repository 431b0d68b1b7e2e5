import { describe, expect, it } from 'vitest';
import { awsCallMeter, callsBetween, meterAwsCalls } from '#shared/aws-call-meter.ts';

describe('what an operation asked of AWS', () => {
  it('is the difference between two snapshots, leaving out actions it did not call', () => {
    // Prepare
    const before = { GetItem: { calls: 5, readUnits: 5, writeUnits: 0 }, Query: { calls: 1, readUnits: 0.5, writeUnits: 0 } };
    const after = {
      GetItem: { calls: 8, readUnits: 8, writeUnits: 0 },
      Query: { calls: 1, readUnits: 0.5, writeUnits: 0 },
      StartExecution: { calls: 1, readUnits: 0, writeUnits: 0 },
    };
    // Act
    const difference = callsBetween(before, after);
    // Assess
    expect(difference).toEqual({ GetItem: { calls: 3, readUnits: 3, writeUnits: 0 }, StartExecution: { calls: 1, readUnits: 0, writeUnits: 0 } });
  });
});

describe('write units by place', () => {
  /** A client whose one "call" answers with the capacity DynamoDB reports: the meter's middleware, run without the network. */
  function meteredCall(action: string, consumed: Record<string, unknown>) {
    let middleware: ((next: (args: { input: object }) => Promise<{ output: object }>, context: { commandName?: string }) => (args: { input: object }) => Promise<{ output: object }>) | undefined;
    meterAwsCalls({ middlewareStack: { add: (added: typeof middleware) => (middleware = added) } });
    return () => middleware!(async () => ({ output: { ConsumedCapacity: consumed } }), { commandName: `${action}Command` })({ input: {} });
  }
  const consumed = { TableName: 'baton', CapacityUnits: 3, Table: { CapacityUnits: 2 }, GlobalSecondaryIndexes: { gsi1: { CapacityUnits: 1 } } };

  it('are tallied only while the benchmark asks for capacity (production pays nothing for them)', async () => {
    // Prepare
    const call = meteredCall('UpdateItem', consumed);
    const before = awsCallMeter.writeUnitsByPlace();

    // Act
    await call();
    const whileOff = awsCallMeter.writeUnitsByPlace();
    awsCallMeter.reportCapacity(true);
    await call();
    awsCallMeter.reportCapacity(false);

    // Assess
    expect(whileOff).toEqual(before);
    expect(awsCallMeter.writeUnitsByPlace()).toEqual({ table: (before.table ?? 0) + 2, gsi1: (before.gsi1 ?? 0) + 1 });
  });
});
