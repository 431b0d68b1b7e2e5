import { describe, expect, it } from 'vitest';
import { callsBetween } from '#shared/aws-call-meter.ts';

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
