/** Items with this attribute (epoch seconds) are removed by DynamoDB's TTL: idempotency records and rate-limit counters. */
export const timeToLiveAttribute = 'expiresAt';
