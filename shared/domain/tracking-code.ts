// Tracking codes: what a customer types, with their email, to follow an issue. 15 characters from a
// 32-letter alphabet without 0/O/1/I (75 bits of randomness), shown as XXXXX-XXXXX-XXXXX,
// case-insensitive. Only a hash is ever stored.
import { createHash, randomInt } from 'node:crypto';

const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const groups = 3;
const groupLength = 5;

export function newTrackingCode(): string {
  const chars = Array.from({ length: groups * groupLength }, () => alphabet[randomInt(alphabet.length)]);
  return Array.from({ length: groups }, (_, g) => chars.slice(g * groupLength, (g + 1) * groupLength).join('')).join('-');
}

/** Upper-cases and drops separators, so "abcde fghjk-..." finds the same issue. */
export function normaliseTrackingCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function hashTrackingCode(code: string): string {
  return createHash('sha256').update(normaliseTrackingCode(code)).digest('hex');
}
