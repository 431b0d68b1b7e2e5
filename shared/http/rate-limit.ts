// Per-client rate limits for the public routes, shared by every Lambda instance through DynamoDB
// counters (shared/data/rate-counters.ts). Sliding windows: "at most N in any W seconds", with no
// tighter burst limit. How and why: shared/http/RATE-LIMITS.md.
import { now } from '#shared/clock.ts';
import { optionalEnv } from '#shared/config.ts';
import { countInBucket, readBuckets, takeBackFromBucket, type BucketCounts, type CounterAddress } from '#shared/data/rate-counters.ts';
import { hashTrackingCode } from '#shared/domain/tracking-code.ts';
import { clientAddress, type ClientEvent } from '#shared/http/client-address.ts';
import { tooManyRequests } from '#shared/http/errors.ts';

export interface RateRule {
  name: string;
  limit: number;
  windowSeconds: number;
}

/** A window is cut into this many buckets; a counter item holds the counts of one window's worth and one more. */
export const bucketsPerWindow = 60;

/** `<limit>/<windowSeconds>` from the environment, e.g. BATON_RATE_LIMIT_INTAKE=300/60. */
export function ruleFrom(name: string, envName: string, defaults: Omit<RateRule, 'name'>): RateRule {
  const value = optionalEnv(envName);
  if (value === undefined) return { name, ...defaults };
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
    throw new Error(`${envName} must read <limit>/<windowSeconds>, both positive integers, e.g. 300/60; it is "${value}".`);
  }
  return { name, limit: Number(match[1]), windowSeconds: Number(match[2]) };
}

export const rateRules = {
  /** POST /api/issues: per client address. */
  intake: () => ruleFrom('intake', 'BATON_RATE_LIMIT_INTAKE', { limit: 300, windowSeconds: 60 }),
  /** POST /api/track and POST /api/track/messages together: per client address. */
  tracking: () => ruleFrom('tracking', 'BATON_RATE_LIMIT_TRACKING', { limit: 60, windowSeconds: 60 }),
  /** Failed look-ups (wrong code or e-mail) per tracking code, from any address. */
  trackingFailures: () => ruleFrom('tracking-failures', 'BATON_RATE_LIMIT_TRACKING_FAILURES', { limit: 10, windowSeconds: 900 }),
  /** Password sign-ins at the local identity (right or wrong): per client address. On AWS, Cognito's own limits apply. */
  signIn: () => ruleFrom('sign-in', 'BATON_RATE_LIMIT_SIGN_IN', { limit: 30, windowSeconds: 60 }),
};

export interface WindowPosition {
  bucket: number;
  bucketMs: number;
  /** TTL of the counter item (epoch seconds): once this bucket has left every window, nothing it holds counts. */
  expiresAt: number;
}

export function windowPosition(rule: RateRule, nowMs: number): WindowPosition {
  const bucketMs = (rule.windowSeconds * 1000) / bucketsPerWindow;
  const bucket = Math.floor(nowMs / bucketMs);
  return { bucket, bucketMs, expiresAt: Math.ceil(((bucket + bucketsPerWindow + 2) * bucketMs) / 1000) + 60 };
}

/**
 * Buckets `bucket - 60 … bucket` count: that reaches between one window and one window plus one
 * bucket back, so no true window of W seconds ever holds more than the limit (a client may be
 * refused up to one bucket, W/60, early; never let through late).
 */
const counted = (counts: BucketCounts, bucket: number) =>
  [...counts].filter(([at]) => at >= bucket - bucketsPerWindow && at <= bucket).sort(([a], [b]) => a - b);

export function countInWindow(counts: BucketCounts, bucket: number): number {
  return counted(counts, bucket).reduce((sum, [, count]) => sum + count, 0);
}

/** Seconds until the window holds at most `allowed`: when enough of its oldest buckets have left it. */
export function secondsUntilWithin(counts: BucketCounts, position: WindowPosition, nowMs: number, allowed: number): number {
  let remaining = countInWindow(counts, position.bucket);
  for (const [at, count] of counted(counts, position.bucket)) {
    if (remaining <= allowed) break;
    remaining -= count;
    if (remaining <= allowed) return Math.max(1, Math.ceil(((at + bucketsPerWindow + 1) * position.bucketMs - nowMs) / 1000));
  }
  return 1;
}

/** Counts one request; refuses (and takes the count back) when the window already holds the limit. */
export async function consume(rule: RateRule, client: string, nowMs = now()): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  const position = windowPosition(rule, nowMs);
  const address: CounterAddress = { rule: rule.name, client };
  const counts = await countInBucket(address, position.bucket, position.expiresAt);
  if (countInWindow(counts, position.bucket) <= rule.limit) return { allowed: true };
  // A refused request does not count: the client's budget comes back as the window slides.
  await takeBackFromBucket(address, position.bucket, position.expiresAt);
  counts.set(position.bucket, (counts.get(position.bucket) ?? 1) - 1);
  return { allowed: false, retryAfterSeconds: secondsUntilWithin(counts, position, nowMs, rule.limit - 1) };
}

/** Seconds to wait if the window already holds the limit, without counting anything. */
export async function exhausted(rule: RateRule, client: string, nowMs = now()): Promise<number | undefined> {
  const position = windowPosition(rule, nowMs);
  const counts = await readBuckets({ rule: rule.name, client });
  if (countInWindow(counts, position.bucket) < rule.limit) return undefined;
  return secondsUntilWithin(counts, position, nowMs, rule.limit - 1);
}

export async function record(rule: RateRule, client: string, nowMs = now()): Promise<void> {
  const position = windowPosition(rule, nowMs);
  await countInBucket({ rule: rule.name, client }, position.bucket, position.expiresAt);
}

async function enforce(rule: RateRule, client: string): Promise<void> {
  const outcome = await consume(rule, client);
  if (!outcome.allowed) throw tooManyRequests(outcome.retryAfterSeconds);
}

/** POST /api/issues: 429 with Retry-After past the intake limit of this address. */
export const limitIntake = (event: ClientEvent) => enforce(rateRules.intake(), clientAddress(event));

/** POST /api/track, POST /api/track/messages: 429 with Retry-After past the tracking limit of this address. */
export const limitTracking = (event: ClientEvent) => enforce(rateRules.tracking(), clientAddress(event));

/** A password sign-in at the local identity: counted per address; the caller answers a refusal in its own protocol. */
export const consumeSignIn = (event: ClientEvent) => consume(rateRules.signIn(), clientAddress(event));

/** Before a tracking look-up: 429 while this code has had too many failed look-ups (right e-mail or not). */
export async function refuseLockedTrackingCode(trackingCode: string): Promise<void> {
  const retryAfter = await exhausted(rateRules.trackingFailures(), hashTrackingCode(trackingCode));
  if (retryAfter !== undefined) throw tooManyRequests(retryAfter);
}

/** After a look-up that found nothing for this code and e-mail. */
export const recordFailedTrackingLookup = (trackingCode: string) => record(rateRules.trackingFailures(), hashTrackingCode(trackingCode));
