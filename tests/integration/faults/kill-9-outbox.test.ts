// kill -9 of Baton while its outbox holds unsent messages (customers' and staff's): after a restart each is delivered
// exactly once (the start-up sweep finds what is owed; a sent message is no longer owed). Baton runs
// as a separate process (the prebuilt bundle), as in the other kill -9 files; DynamoDB Local runs on the data
// folder's files outside it and outlives the kill (the crash is Baton's: see crashRounds in support/kill-9.ts).
import { describe, expect, it } from 'vitest';
import { sampleIssue, tempDataDir } from '../../support/sample-data.ts';
import { startBatonProcess } from '../../support/baton-process.ts';
import { inboxMessages } from '../../support/inbox.ts';
import { client, outlivingDynamoDb } from '../../support/kill-9.ts';

const faultTests = { timeout: 900_000 };

describe('kill -9 of Baton with messages in its outbox', faultTests, () => {
  it('delivers each message the outbox held unsent exactly once after a kill -9 and a restart', async () => {
    // Prepare: Baton runs without its sender, so every message stays unsent in the outbox.
    const dataDir = tempDataDir('baton-kill9-outbox');
    const dynamodb = await outlivingDynamoDb(dataDir);
    const onDynamoDb = { BATON_DYNAMODB_ENDPOINT: dynamodb.endpoint };
    let baton = await startBatonProcess(dataDir, { ...onDynamoDb, BATON_OUTBOX_SENDER: 'off' }, ['--no-seed']);
    const api = client(baton.url);
    // Service wants new tasks by e-mail, at the address the identity keeps: staff messages wait in the outbox too.
    const service = await api.login('service');
    expect((await api.request('POST', '/api/me/notification-settings', { token: service, body: { language: 'en', emailFor: ['new_task'] } })).status).toBe(200);
    const emails = Array.from({ length: 6 }, (_, i) => `outbox-${i}-${Date.now()}@example.com`);
    for (const [i, email] of emails.entries()) {
      const submitted = await api.request('POST', '/api/issues', { body: sampleIssue({ orderRef: `PO-O${i}`, customer: { name: 'Kim', email } }) });
      expect(submitted.status).toBe(201);
    }
    // The new-task notice is written in the same transaction as its e-mail: once it shows, the staff message is owed.
    const staffNoticeDeadline = Date.now() + 60_000;
    while (!(await api.request('GET', '/api/me/notifications', { token: service })).body.notices.some((notice: { kind: string }) => notice.kind === 'new_task') && Date.now() < staffNoticeDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const inboxUrl = () => /mail inbox\s+(\S+)/.exec(baton.output())?.[1] ?? '';
    expect(await inboxMessages(inboxUrl())).toEqual([]);
    const staffAddress = 'service@staff.baton.test';
    const recipients = [...emails, staffAddress];

    // Act: kill -9, then start again with the sender on (the start-up sweep finds what is owed).
    baton.child.kill('SIGKILL');
    await baton.exited;
    baton = await startBatonProcess(dataDir, onDynamoDb, ['--no-seed']);
    try {
      const deadline = Date.now() + 60_000;
      let messages = await inboxMessages(inboxUrl());
      while (recipients.some((email) => !messages.some((message) => message.to.includes(email))) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        messages = await inboxMessages(inboxUrl());
      }
      // A clean restart sends nothing again (a sent message is no longer owed).
      baton.child.kill('SIGINT');
      await baton.exited;
      baton = await startBatonProcess(dataDir, onDynamoDb, ['--no-seed']);
      const after = await inboxMessages(inboxUrl());

      // Assess
      for (const email of emails) {
        expect(after.filter((message) => message.to.includes(email) && message.subject.startsWith('We have your issue'))).toHaveLength(1);
      }
      // The staff message(s): one per quarter hour of new tasks (a run that crosses a quarter hour has two), never repeated.
      const staffMail = after.filter((message) => message.to.includes(staffAddress));
      expect(staffMail.length).toBeGreaterThanOrEqual(1);
      expect(staffMail.every((message) => message.subject === 'New tasks in your queue')).toBe(true);
      expect(new Set(after.map((message) => message.messageId)).size).toBe(after.length);
    } finally {
      baton.child.kill('SIGINT');
      await baton.exited;
      await dynamodb.stop();
    }
  });
});
