// The tracking-code item: a code's hash (never the code) finds its issue.
import { z } from 'zod';

const trackingSchema = z.object({ issueId: z.string() });

export const trackingCodeEntity = {
  name: 'tracking',
  key: (trackingCodeHash: string) => ({ pk: `TRACKING#${trackingCodeHash}`, sk: 'TRACKING' }),
  item: (trackingCodeHash: string, issueId: string) => ({ ...trackingCodeEntity.key(trackingCodeHash), entity: 'tracking', issueId }),
  parse: (item: Record<string, unknown>) => trackingSchema.parse(item),
};
