// The kinds of notice staff receive (shared/domain/staff-notices.ts), apart so the browser bundle takes the list without zod.
export const staffNoticeKinds = ['new_task', 'customer_reply', 'sla_warning', 'sla_breach', 'escalation'] as const;
export type StaffNoticeKind = (typeof staffNoticeKinds)[number];
