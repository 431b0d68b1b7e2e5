// A staff member's notification settings (one profile item per person) and, per queue they belong
// to, a subscription item, so the people of a queue who want e-mail are one Query.
import type { Access } from '#shared/data/entities/access.ts';

const subscriptionPartition = (queue: string) => `STAFFSUB#${queue}`;

export const staffProfileEntity = {
  name: 'staffProfile',
  key: (username: string) => ({ pk: `STAFF#${username}`, sk: 'PROFILE' }),
};

export const staffSubscriptionEntity = {
  name: 'staffSubscription',
  /** Who of a queue (a department, or `management` for managers) wants e-mail of which kinds. */
  key: (queue: string, username: string) => ({ pk: subscriptionPartition(queue), sk: username }),
  access: {
    /** The people of a queue who saved settings (and which kinds of notice they want by e-mail). */
    ofQueue: (queue: string): Access => ({ partition: subscriptionPartition(queue) }),
  },
};
