import { describe, expect, it } from 'vitest';
import { hashTrackingCode, newTrackingCode, normaliseTrackingCode } from '#shared/domain/tracking-code.ts';

describe('tracking codes', () => {
  it('are typeable: no 0, O, 1 or I, in three groups of five', () => {
    for (let i = 0; i < 200; i++) expect(newTrackingCode()).toMatch(/^[A-HJ-NP-Z2-9]{5}(-[A-HJ-NP-Z2-9]{5}){2}$/);
  });
  it('carry at least 64 bits of randomness', () => {
    expect(15 * Math.log2(32)).toBeGreaterThanOrEqual(64);
    expect(new Set(Array.from({ length: 1000 }, newTrackingCode)).size).toBe(1000);
  });
  it('are case-insensitive and ignore separators and spaces', () => {
    const code = newTrackingCode();
    expect(hashTrackingCode(code.toLowerCase().replace(/-/g, ' '))).toBe(hashTrackingCode(code));
    expect(normaliseTrackingCode(' ab-cd ')).toBe('ABCD');
  });
});
