// The tracking-code item: a code's hash (never the code) finds its issue. An e-mail's link code is one
// too, with an end (`expiresAt`); `generation` follows the issue's renewed codes (older ones stop working).
import { z } from 'zod';

const trackingSchema = z.object({ issueId: z.string(), generation: z.number().int().optional(), expiresAt: z.number().optional() });

export const trackingCodeEntity = {
  name: 'tracking',
  key: (trackingCodeHash: string) => ({ pk: `TRACKING#${trackingCodeHash}`, sk: 'TRACKING' }),
  item: (trackingCodeHash: string, issueId: string, extra: { generation?: number; expiresAt?: number; via?: 'email' } = {}) => ({
    ...trackingCodeEntity.key(trackingCodeHash),
    entity: 'tracking',
    issueId,
    ...extra,
  }),
  parse: (item: Record<string, unknown>) => trackingSchema.parse(item),
};
