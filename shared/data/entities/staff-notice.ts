// A staff notice in its audience's list (a person's, or a queue's), newest last by sort key: written
// in the transaction of the change that causes it; new tasks of one queue within a window are one
// item with a count (ADD), an SLA warning is written once (a conditional put). TTL `expiresAt`.
import type { Access } from '#shared/data/entities/access.ts';

/** Whose list a notice is in: a person, or a queue (a department, or `management`). */
export type NoticeAudience = { kind: 'person'; username: string } | { kind: 'department'; department: string };

const audienceKey = (audience: NoticeAudience) => (audience.kind === 'person' ? `user#${audience.username}` : `queue#${audience.department}`);
const listPartition = (audience: NoticeAudience) => `NOTICES#${audienceKey(audience)}`;

export const staffNoticeEntity = {
  name: 'staffNotice',
  /** A notice at `at`; a grouped one by its window (`<window>#<id>`), a once-only one by its id (`ONCE#<id>`). */
  key: (audience: NoticeAudience, sort: { at: string; noticeId: string } | { window: string; noticeId: string } | { once: string }) => ({
    pk: listPartition(audience),
    sk: 'once' in sort ? `ONCE#${sort.once}` : 'window' in sort ? `${sort.window}#${sort.noticeId}` : `${sort.at}#${sort.noticeId}`,
  }),
  access: {
    /** An audience's recent notices (read newest first). */
    ofAudience: (audience: NoticeAudience): Access => ({ partition: listPartition(audience) }),
  },
};
