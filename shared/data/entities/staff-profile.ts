// A staff member's notification settings (one profile item per person) and, per queue, one item
// naming who of it wants which notices by e-mail, so a task's opening reads it beside its issue in
// the one BatchGetItem it sends anyway (no Query, no per-process copy to go stale).

const subscribersPartition = (queue: string) => `STAFFSUB#${queue}`;
const personPrefix = 'person:';

export const staffProfileEntity = {
  name: 'staffProfile',
  key: (username: string) => ({ pk: `STAFF#${username}`, sk: 'PROFILE' }),
};

export const queueSubscribersEntity = {
  name: 'queueSubscribers',
  /** Who of a queue (a department, or `management` for managers) wants e-mail of which kinds. */
  key: (queue: string) => ({ pk: subscribersPartition(queue), sk: 'SUBSCRIBERS' }),
  /** One top-level attribute per person, so saving one person's settings never rewrites another's (no read, no conflict). */
  attribute: (username: string) => `${personPrefix}${username}`,
  /** Each person's entry, in the order of their names. */
  entries(item: Record<string, unknown> | undefined): Array<Record<string, unknown>> {
    return Object.entries(item ?? {})
      .filter(([name]) => name.startsWith(personPrefix))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, entry]) => entry as Record<string, unknown>);
  },
};
