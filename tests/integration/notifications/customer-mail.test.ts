// What a customer is told by e-mail, through the real outbox (DynamoDB stream → sender) and the
// runtime's real SMTP server: each message once, in the customer's language, with a link that opens
// their issue.
import { describe, expect, it } from 'vitest';
import { closed, flowPlayersForFile } from '../../support/flow-actors.ts';
import { inboxMessages, mailTo, trackingLink } from '../../support/inbox.ts';

const the = flowPlayersForFile();

const subjects = (messages: Array<{ subject: string }>) => messages.map((message) => message.subject);

describe('the customer hears of their issue by e-mail', () => {
  it('a confirmation with the tracking code and a link that opens the issue, once, in English', async () => {
    // Prepare
    const customer = await the.submit('service-request', { subject: 'Annual maintenance' });

    // Act
    const [confirmation] = await mailTo(the.baton.mail.inboxUrl, customer.email, (mine) => mine.length >= 1);

    // Assess
    // The mail's code was minted as it was sent (no code waits in the outbox in clear): another code than
    // the page showed, and both open the issue.
    expect(confirmation?.subject).toBe('We have your issue: Annual maintenance');
    const mailed = /Your tracking code: (\S+)/.exec(confirmation!.text)?.[1];
    expect(mailed).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    expect(mailed).not.toBe(customer.trackingCode);
    expect(confirmation?.html).toContain(mailed);
    const link = trackingLink(confirmation!);
    expect(link).toMatchObject({ code: mailed, email: customer.email, act: 'view' });
    for (const trackingCode of [link.code, customer.trackingCode]) {
      const opened = await the.baton.request('POST', '/api/track', { body: { trackingCode, email: link.email } });
      expect(opened.status).toBe(200);
    }
  });

  it('"e-mail me my tracking codes": a new code, minted as it is sent, opens the issue; the older codes no longer do', async () => {
    // Prepare
    const customer = await the.submit('service-request', { subject: 'Lost my code' });
    const [confirmation] = await mailTo(the.baton.mail.inboxUrl, customer.email, (mine) => mine.length >= 1);

    // Act
    const asked = await the.baton.request('POST', '/api/track/codes', { body: { email: customer.email } });
    const mine = await mailTo(the.baton.mail.inboxUrl, customer.email, (messages) => messages.some((message) => message.subject.startsWith('A new tracking code')));

    // Assess: one new-code mail; its code opens the issue, the page's and the confirmation's no longer do.
    expect(asked.status).toBe(202);
    const renewed = mine.filter((message) => message.subject === 'A new tracking code for "Lost my code"');
    expect(renewed).toHaveLength(1);
    const code = /Your new tracking code: (\S+)/.exec(renewed[0]!.text)?.[1] ?? '';
    expect(trackingLink(renewed[0]!).code).toBe(code);
    const track = (trackingCode: string) => the.baton.request('POST', '/api/track', { body: { trackingCode, email: customer.email } }).then((response) => response.status);
    expect(await track(code)).toBe(200);
    expect(await track(customer.trackingCode)).toBe(404);
    expect(await track(trackingLink(confirmation!).code)).toBe(404);
  });

  it('in Chinese for a customer who wrote in Chinese: confirmation, question (link opens the reply), new holders, closing with what was done and promised', async () => {
    // Prepare
    const customer = await the.submit('service-request', { subject: '年度保养', language: 'zh-CN' });
    const inbox = the.baton.mail.inboxUrl;

    // Act: service asks a question, the customer answers, production ships parts, service completes
    const schedule = await the.taskOf(customer.issueId, 'schedule', { as: 'service' });
    await the.complete('service', schedule, 'ask_customer', { question: '下周哪天方便？' });
    const asked = await mailTo(inbox, customer.email, (mine) => mine.some((message) => message.subject.includes('我们有一个问题')));
    const question = asked.find((message) => message.subject.includes('我们有一个问题'))!;
    expect(question.text).toContain('下周哪天方便？');
    const reply = trackingLink(question);
    expect(reply.act).toBe('reply');
    // The link's own code opens the issue and takes the reply (it is not the tracking code, which only the confirmation carries).
    expect(reply.code).not.toBe(customer.trackingCode);
    const answered = await the.baton.request('POST', '/api/track/messages', { body: { trackingCode: reply.code, email: reply.email, message: '周四上午' } });
    expect(answered.status).toBe(201);
    const again = await the.taskOf(customer.issueId, 'schedule', { as: 'service', not: [schedule.taskId] });
    await the.complete('service', again, 'visit_scheduled', { visitDate: '2026-04-02' });
    await the.complete('service', await the.taskOf(customer.issueId, 'site-visit'), 'parts_needed', { parts: 'Seal kit' });
    await the.complete('production', await the.taskOf(customer.issueId, 'parts', { as: 'production' }), 'parts_shipped', { shipmentRef: 'SF-1', expectedDelivery: '2026-04-05' });
    await the.complete('service', await the.taskOf(customer.issueId, 'complete'), 'customer_confirmed', { confirmation: 'OK' }, {
      summary: 'Seal replaced',
      done: '更换了密封件',
      promised: '一年内免费复查',
    });
    await the.until(customer.issueId, closed);
    const mine = await mailTo(inbox, customer.email, (messages) => messages.some((message) => message.subject.includes('已处理完毕')));

    // Assess: in order, each once
    expect(subjects(mine)).toEqual([
      '我们已收到您的问题：年度保养',
      '“年度保养”现由服务部处理',
      '关于“年度保养”，我们有一个问题',
      '“年度保养”现由生产部处理',
      '“年度保养”现由服务部处理',
      '“年度保养”已处理完毕',
    ]);
    const closing = mine.at(-1)!;
    expect(closing.text).toContain('我们做了：更换了密封件');
    expect(closing.text).toContain('我们承诺：一年内免费复查');
    expect(trackingLink(closing).act).toBe('rate');
    expect(closing.html).toContain('<a href=');
    // Nobody else's mail went to this customer, and no message-id repeats anywhere in the inbox.
    const all = await inboxMessages(inbox);
    expect(new Set(all.map((message) => message.messageId)).size).toBe(all.length);
    // The closing mail's link asks for a rating: the customer gives one (the rating route's happy path).
    const rated = await the.baton.request('POST', '/api/track/rating', { body: { trackingCode: customer.trackingCode, email: customer.email, rating: 5, comment: '很及时' } });
    expect(rated.status).toBe(201);
  });
});
