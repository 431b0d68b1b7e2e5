// A suggestion from staff or a manager ("tell us what Baton should do for you"): append-only, read
// newest first by managers. One partition: a handful a day, never a hot key.
import type { Access } from '#shared/data/entities/access.ts';

export const feedbackEntity = {
  name: 'feedback',
  key: (createdAt: string, feedbackId: string) => ({ pk: 'FEEDBACK', sk: `${createdAt}#${feedbackId}` }),
  access: {
    /** Every suggestion by the time it was sent (read newest first). */
    all: (): Access => ({ partition: 'FEEDBACK' }),
  },
};
