// Events: the append-only history of an issue. Never updated or deleted; a correction is a new
// event pointing at the one it corrects.
import { z } from 'zod';

export const actorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('customer') }),
  z.object({ kind: z.literal('staff'), username: z.string() }),
  z.object({ kind: z.literal('system') }),
]);
export type Actor = z.infer<typeof actorSchema>;

export const eventSchema = z.object({
  issueId: z.string(),
  seq: z.number().int().positive(),
  type: z.string(),
  at: z.string(),
  actor: actorSchema,
  department: z.string().optional(),
  /** `customer`: shown on the customer's timeline; `internal`: staff only. */
  visibility: z.enum(['customer', 'internal']),
  text: z.string().optional(),
  data: z.record(z.string(), z.unknown()).default({}),
  corrects: z.number().int().positive().optional(),
});
export type IssueEvent = z.infer<typeof eventSchema>;
