// The event items: an issue's append-only history, in the issue's own partition, numbered from 1
// without gaps (the issue's `eventCount` is the last number). Parsed with the union of event types.
import type { Access } from '#shared/data/entities/access.ts';
import { eventSchema, type IssueEvent } from '#shared/domain/events.ts';

export const eventEntity = {
  name: 'event',
  key: (issueId: string, seq: number) => ({ pk: `ISSUE#${issueId}`, sk: `EVENT#${String(seq).padStart(6, '0')}` }),
  access: {
    /** An issue's events in order. */
    ofIssue: (issueId: string): Access => ({ partition: `ISSUE#${issueId}`, beginsWith: 'EVENT#' }),
  },
  item: (event: IssueEvent) => ({ ...eventEntity.key(event.issueId, event.seq), entity: 'event', ...event }),
  parse: (item: Record<string, unknown>): IssueEvent => eventSchema.parse(item),
};
