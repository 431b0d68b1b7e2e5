// URL-safe, time-ordered identifiers (Crockford base32 time prefix + randomness), also valid as
// Step Functions execution names.
import { randomBytes } from 'node:crypto';
import { clock } from '#shared/clock.ts';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encode(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = alphabet[Number(value % 32n)] + out;
    value /= 32n;
  }
  return out;
}

export function newId(prefix: string, now = clock().now()): string {
  const random = BigInt(`0x${randomBytes(10).toString('hex')}`);
  return `${prefix}-${encode(BigInt(now), 10)}${encode(random, 16)}`;
}
