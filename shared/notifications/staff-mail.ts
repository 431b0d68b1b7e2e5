// Staff e-mail: the templates of the notices staff may choose to receive (shared/domain/staff-notices.ts)
// and where a staff member's mail goes: the address their notification settings name, else the one
// their identity keeps (the user pool's `email`). Loaded by the sender (deliver.ts).
import { identityEmailOf } from '#shared/auth/staff-directory.ts';
import { readProfile } from '#shared/data/staff-profile.ts';
import { useStaffAddresses } from '#shared/notifications/recipients.ts';
import { defineTemplate } from '#shared/notifications/templates.ts';

useStaffAddresses(async (username) => {
  const profile = await readProfile(username);
  const email = profile?.email ?? (await identityEmailOf(username));
  return email ? { email, language: profile?.language === 'zh-CN' ? 'zh-CN' : 'en' } : undefined;
});

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const stepOf = (value: unknown, zh: boolean) => (value && typeof value === 'object' ? text((value as Record<string, unknown>)[zh ? 'zh' : 'en']) : text(value));

defineTemplate('staff_new_task', ({ data }, language) =>
  language === 'zh-CN'
    ? { subject: '您的队列有新任务', paragraphs: ['您部门的队列中有新任务（同一时段内的新任务合并为一封邮件）。', `第一个：${stepOf(data.step, true)} · ${text(data.subject)}`], action: '打开队列' }
    : { subject: 'New tasks in your queue', paragraphs: ['New tasks are waiting in your department’s queue (tasks of the same quarter hour come in one e-mail).', `The first: ${stepOf(data.step, false)} · ${text(data.subject)}`], action: 'Open the queue' },
);
defineTemplate('staff_customer_reply', ({ data }, language) =>
  language === 'zh-CN'
    ? { subject: `客户回复了：${text(data.subject)}`, paragraphs: [data.reopened ? '客户表示问题没有解决，问题已重新打开。' : data.backToYou ? '客户回答了您的问题，任务已回到您手中。' : '客户在您负责或提问的问题上留言了。'], action: '打开问题' }
    : { subject: `The customer wrote: ${text(data.subject)}`, paragraphs: [data.reopened ? 'The customer says the issue is not solved: it is open again.' : data.backToYou ? 'The customer answered your question; the task is back with you.' : 'The customer wrote on an issue you hold, coordinate or asked about.'], action: 'Open the issue' },
);
defineTemplate('staff_sla_warning', ({ data }, language) =>
  language === 'zh-CN'
    ? { subject: `即将超时：${stepOf(data.step, true)}`, paragraphs: [`“${text(data.subject)}”的“${stepOf(data.step, true)}”将于 ${text(data.dueAt)} 到期。`], action: '打开问题' }
    : { subject: `About to breach: ${stepOf(data.step, false)}`, paragraphs: [`"${stepOf(data.step, false)}" of "${text(data.subject)}" is due at ${text(data.dueAt)}.`], action: 'Open the issue' },
);
defineTemplate('staff_sla_breach', ({ data }, language) =>
  language === 'zh-CN'
    ? { subject: `已超时：${stepOf(data.step, true)}`, paragraphs: [`“${text(data.subject)}”的“${stepOf(data.step, true)}”已超时，已升级给经理。`], action: '打开问题' }
    : { subject: `Breached: ${stepOf(data.step, false)}`, paragraphs: [`"${stepOf(data.step, false)}" of "${text(data.subject)}" ran past its SLA and went to a manager.`], action: 'Open the issue' },
);
defineTemplate('staff_escalation', ({ data }, language) =>
  language === 'zh-CN'
    ? { subject: `需要经理决定：${text(data.subject)}`, paragraphs: [`经理队列中有新任务：${stepOf(data.step, true)}。`], action: '打开问题' }
    : { subject: `A manager’s decision is needed: ${text(data.subject)}`, paragraphs: [`New in the managers’ queue: ${stepOf(data.step, false)}.`], action: 'Open the issue' },
);
