// kill -9 of Baton while its outbox holds unsent messages: after a restart each is delivered
// exactly once (the start-up sweep finds what is owed; a sent message is no longer owed). Baton runs
// as a separate process (a JVM and the prebuilt bundle), as in the other kill -9 files.
import { describe, expect, it } from 'vitest';
import { sampleIssue, tempDataDir } from '../../support/local-baton.ts';
import { startBatonProcess } from '../../support/baton-process.ts';
import { inboxMessages } from '../../support/inbox.ts';
import { client } from '../../support/kill-9.ts';

const faultTests = { timeout: 900_000 };

describe('kill -9 of Baton with messages in its outbox', faultTests, () => {
  it('delivers each message the outbox held unsent exactly once after a kill -9 and a restart', async () => {
    // Prepare: Baton runs without its sender, so every message stays unsent in the outbox.
    const dataDir = tempDataDir('baton-kill9-outbox');
    let baton = await startBatonProcess(dataDir, { BATON_OUTBOX_SENDER: 'off' }, ['--no-seed']);
    const api = client(baton.url);
    const emails = Array.from({ length: 6 }, (_, i) => `outbox-${i}-${Date.now()}@example.com`);
    for (const [i, email] of emails.entries()) {
      const submitted = await api.request('POST', '/api/issues', { body: sampleIssue({ orderRef: `PO-O${i}`, customer: { name: 'Kim', email } }) });
      expect(submitted.status).toBe(201);
    }
    const inboxUrl = () => /mail inbox\s+(\S+)/.exec(baton.output())?.[1] ?? '';
    expect(await inboxMessages(inboxUrl())).toEqual([]);

    // Act: kill -9, then start again with the sender on (the start-up sweep finds what is owed).
    baton.child.kill('SIGKILL');
    await baton.exited;
    baton = await startBatonProcess(dataDir, {}, ['--no-seed']);
    try {
      const deadline = Date.now() + 60_000;
      let messages = await inboxMessages(inboxUrl());
      while (emails.some((email) => !messages.some((message) => message.to.includes(email))) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        messages = await inboxMessages(inboxUrl());
      }
      // A clean restart sends nothing again (a sent message is no longer owed).
      baton.child.kill('SIGINT');
      await baton.exited;
      baton = await startBatonProcess(dataDir, {}, ['--no-seed']);
      const after = await inboxMessages(inboxUrl());

      // Assess
      for (const email of emails) {
        expect(after.filter((message) => message.to.includes(email) && message.subject.startsWith('We have your issue'))).toHaveLength(1);
      }
      expect(new Set(after.map((message) => message.messageId)).size).toBe(after.length);
    } finally {
      baton.child.kill('SIGINT');
      await baton.exited;
    }
  });
});
