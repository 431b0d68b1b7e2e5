// The handoff an issue carries from one holder to the next (see workflows/README.md, Handoffs).
import { z } from 'zod';

/**
 * What the next holder of an issue reads first: the latest handoff packet (a person's completion),
 * or the customer's reply, or the system's note that the customer did not reply. Kept on the issue
 * (`latestHandoff`) and copied onto each task as it opens (`handoff`).
 */
export const handoffSchema = z.object({
  from: z.enum(['staff', 'customer', 'system']),
  at: z.string(),
  summary: z.string(),
  done: z.string().optional(),
  promised: z.string().optional(),
  taskId: z.string().optional(),
  step: z.string().optional(),
  department: z.string().optional(),
  by: z.string().optional(),
});
export type Handoff = z.infer<typeof handoffSchema>;
