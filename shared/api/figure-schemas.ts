// GET /api/figures: the managers' figures per period and flow version (query and response), kept
// apart from schemas.ts because they are one feature's. The rules behind each figure:
// shared/domain/figure-deltas.ts (what counts when) and shared/domain/period-figures.ts (derivation).
import { z } from 'zod';
import { ageBands, daysBetween } from '#shared/domain/period-figures.ts';
import { flowIds } from '#shared/flows/catalog.ts';

/** The longest period one request may read: a quarter (the read costs days × versions × shards items per flow). */
export const maxFigureDays = 92;
export const figureTables = ['summary', 'departments', 'steps', 'versions', 'weeks', 'ages'] as const;
export type FigureTable = (typeof figureTables)[number];

const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD.')
  .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), 'Not a calendar date.');

export const figuresQuery = z
  .strictObject({
    from: calendarDay.describe('First day of the period (UTC), YYYY-MM-DD'),
    to: calendarDay.describe(`Last day of the period (UTC), inclusive; at most ${maxFigureDays} days after from`),
    flowId: z.enum(flowIds).optional().describe('Only this flow (default: every flow)'),
    version: z
      .string()
      .regex(/^[1-9]\d{0,5}$/, 'A flow version number.')
      .transform(Number)
      .optional()
      .describe('Only this version of the flow (needs flowId)'),
    format: z.enum(['json', 'csv']).optional().describe('csv: the same as Accept: text/csv'),
    table: z.enum(figureTables).optional().describe('Which figure table the CSV holds (default summary)'),
  })
  .superRefine((query, context) => {
    if (query.to < query.from) context.addIssue({ code: 'custom', path: ['to'], message: 'The period ends before it starts.' });
    else if (daysBetween(query.from, query.to) + 1 > maxFigureDays) context.addIssue({ code: 'custom', path: ['to'], message: `A period is at most ${maxFigureDays} days.` });
    if (query.version !== undefined && !query.flowId) context.addIssue({ code: 'custom', path: ['version'], message: 'A version needs its flowId.' });
  });

const seconds = z.number().nullable().describe('Seconds; null while nothing was counted');
const percentilesSchema = z.object({ count: z.number().int(), p50: seconds, p90: seconds });
export const periodFiguresSchema = z.object({
  opened: z.number().int().describe('Issues whose flow started in the period'),
  closed: z.number().int(),
  endToEnd: percentilesSchema.describe('Submitted to closed, issues closed in the period'),
  meanHeldSeconds: z.record(z.string(), z.number()).describe('Per department: mean seconds it held an issue closed in the period'),
  meanCustomerWaitSeconds: seconds.describe('Mean seconds an issue closed in the period waited for the customer'),
  firstTimeRightPercent: z.number().nullable().describe('Closed issues never rerouted nor reopened, in percent of the closed'),
  reroutesPer100: z.number().nullable().describe('Reroutes of the closed issues, per 100 closed issues'),
  bouncesPer100: z.number().nullable(),
  reopened: z.number().int().describe('Reopenings by customers in the period'),
  reopenPercent: z.number().nullable().describe('Reopenings per 100 issues closed in the period'),
  ratings: z.number().int().describe('Ratings customers gave in the period'),
  meanRating: z.number().nullable(),
  steps: z.array(
    z.object({
      step: z.string(),
      waitBeforeClaim: percentilesSchema.describe('Task opened to first claim, tasks first claimed in the period'),
      work: percentilesSchema.describe('First claim to completion, tasks completed in the period'),
      slaMet: z.number().int(),
      slaMissed: z.number().int(),
      slaPercent: z.number().nullable().describe('Completed within the SLA, in percent of completed and breached'),
    }),
  ),
});
export const figuresReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.literal('UTC').describe('Days are UTC days'),
  flowId: z.string().optional(),
  version: z.number().int().optional(),
  figures: periodFiguresSchema,
  versions: z.array(z.object({ flowId: z.string(), version: z.number().int(), figures: periodFiguresSchema })).describe('The period per flow version'),
  weeks: z.array(z.object({ week: z.string().describe('Monday (UTC) of the ISO week'), figures: periodFiguresSchema })).describe('The period per week (its days only)'),
  openByAge: z.array(z.object({ band: z.enum(ageBands), count: z.number().int() })).describe('Open issues now, by whole UTC days since their flow started'),
  percentileErrorBound: z.number().describe('Largest relative error of a reported percentile (log-scale buckets)'),
});

export type Percentiles = z.infer<typeof percentilesSchema>;
export type PeriodFigures = z.infer<typeof periodFiguresSchema>;
export type StepFigures = PeriodFigures['steps'][number];
export type FiguresReport = z.infer<typeof figuresReportSchema>;
