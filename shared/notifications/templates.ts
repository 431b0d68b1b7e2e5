// Every e-mail Baton sends, in both languages, in one place: subject, plain text and HTML from the
// same lines, with exactly one link (where the person acts) and, for customers, an unsubscribe link.
import type { Language } from '#shared/notifications/outbox-message.ts';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** What a template is given: the message's data, the subject, and the links the sender made. */
export interface TemplateInput {
  data: Record<string, unknown>;
  subject?: string;
  /** Where the person acts (the tracking page opened on the issue, the reply box, the rating form…). */
  actionUrl: string;
  /** Customers only: stop e-mails about this issue. */
  unsubscribeUrl?: string;
}

interface Lines {
  subject: string;
  paragraphs: string[];
  action: string;
}

type Template = (input: TemplateInput, language: Language) => Lines;

const departments: Record<Language, Record<string, string>> = {
  en: { sales: 'Sales', production: 'Production', service: 'Service', management: 'Management' },
  'zh-CN': { sales: '销售部', production: '生产部', service: '服务部', management: '管理层' },
};
const departmentName = (language: Language, department: unknown) => departments[language][String(department)] ?? String(department);
const text = (value: unknown) => (typeof value === 'string' ? value : '');

const templates: Record<string, Template> = {
  customer_confirmation: ({ data, subject }, language) =>
    language === 'zh-CN'
      ? {
          subject: `我们已收到您的问题：${subject ?? ''}`,
          paragraphs: [`您的跟踪码：${text(data.trackingCode)}`, '请保存此邮件。凭跟踪码和您的电子邮箱可随时查看处理进度。'],
          action: '查看处理进度',
        }
      : {
          subject: `We have your issue: ${subject ?? ''}`,
          paragraphs: [`Your tracking code: ${text(data.trackingCode)}`, 'Keep this e-mail: with the code and your e-mail address you can follow your issue at any time.'],
          action: 'Follow your issue',
        },
  customer_new_code: ({ data, subject }, language) =>
    language === 'zh-CN'
      ? {
          subject: `“${subject ?? ''}”的新跟踪码`,
          paragraphs: [`您的新跟踪码：${text(data.trackingCode)}`, '旧的跟踪码和之前邮件中的链接已失效。'],
          action: '查看处理进度',
        }
      : {
          subject: `A new tracking code for "${subject ?? ''}"`,
          paragraphs: [`Your new tracking code: ${text(data.trackingCode)}`, 'The old code and the links in earlier e-mails no longer work.'],
          action: 'Follow your issue',
        },
  customer_question: ({ data, subject }, language) =>
    language === 'zh-CN'
      ? {
          subject: `${data.reminder ? '提醒：' : ''}关于“${subject ?? ''}”，我们有一个问题`,
          paragraphs: [`${data.department ? departmentName(language, data.department) : '我们'}问：`, text(data.question), '请通过下面的链接回复。'],
          action: '回复',
        }
      : {
          subject: `${data.reminder ? 'Reminder: ' : ''}A question about "${subject ?? ''}"`,
          paragraphs: [`${data.department ? departmentName(language, data.department) : 'We'} asked:`, text(data.question), 'Please reply through the link below.'],
          action: 'Reply',
        },
  customer_new_holder: ({ data, subject }, language) =>
    language === 'zh-CN'
      ? {
          subject: `“${subject ?? ''}”现由${departmentName(language, data.department)}处理`,
          paragraphs: [`您的问题现已交给${departmentName(language, data.department)}。`],
          action: '查看处理进度',
        }
      : {
          subject: `${departmentName(language, data.department)} now has "${subject ?? ''}"`,
          paragraphs: [`Your issue is now with ${departmentName(language, data.department)}.`],
          action: 'Follow your issue',
        },
  customer_closed: ({ data, subject }, language) =>
    language === 'zh-CN'
      ? {
          subject: `“${subject ?? ''}”已处理完毕`,
          paragraphs: [
            '您的问题已关闭。',
            ...(data.done ? [`我们做了：${text(data.done)}`] : []),
            ...(data.promised ? [`我们承诺：${text(data.promised)}`] : []),
            '您对这次处理满意吗？请为我们打分（1–5 分）并留言。',
          ],
          action: '为处理打分',
        }
      : {
          subject: `"${subject ?? ''}" is closed`,
          paragraphs: [
            'Your issue is closed.',
            ...(data.done ? [`What we did: ${text(data.done)}`] : []),
            ...(data.promised ? [`What we promised: ${text(data.promised)}`] : []),
            'How did we handle it? Please rate it from 1 to 5 and tell us why.',
          ],
          action: 'Rate the handling',
        },
};

export const hasTemplate = (kind: string) => kind in templates;

/** Adds a template (other notifications register theirs; a kind is never defined twice). */
export function defineTemplate(kind: string, template: Template): void {
  if (kind in templates) throw new Error(`The template ${kind} is already defined.`);
  templates[kind] = template;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const footers: Record<Language, { unsubscribe: string; sender: string }> = {
  en: { unsubscribe: 'No more e-mails about this issue', sender: 'Baton customer service' },
  'zh-CN': { unsubscribe: '不再接收关于此问题的邮件', sender: 'Baton 客户服务' },
};

export function renderMail(kind: string, language: Language, input: TemplateInput): RenderedMail {
  const template = templates[kind];
  if (!template) throw new Error(`No template for ${kind}.`);
  const lines = template(input, language);
  const footer = footers[language];
  const text = [
    ...lines.paragraphs,
    '',
    `${lines.action}: ${input.actionUrl}`,
    '',
    `— ${footer.sender}`,
    ...(input.unsubscribeUrl ? [`${footer.unsubscribe}: ${input.unsubscribeUrl}`] : []),
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${language}"><body>`,
    ...lines.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    `<p><a href="${escapeHtml(input.actionUrl)}">${escapeHtml(lines.action)}</a></p>`,
    `<p>— ${escapeHtml(footer.sender)}</p>`,
    ...(input.unsubscribeUrl ? [`<p><small><a href="${escapeHtml(input.unsubscribeUrl)}">${escapeHtml(footer.unsubscribe)}</a></small></p>`] : []),
    '</body></html>',
  ].join('\n');
  return { subject: lines.subject, text, html };
}
