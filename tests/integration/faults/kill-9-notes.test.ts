// kill -9 of the Baton process in the middle of a burst of 300 notes, 5 rounds on one data folder: nothing
// acknowledged (201) is lost, no issue is stranded, and every repair the start-ups made is an event in an
// issue's history. See "After a crash" in infra/local/README.md; completions: kill-9-completions.test.ts.
import { describe, expect, it } from 'vitest';
import { sampleIssue, tempDataDir } from '../../support/sample-data.ts';
import { addCounts, assertSettled, burstThenKill, client, crashRounds, reportRound, repairsReported, roundPhases, rounds, type IssueEvent } from '../../support/kill-9.ts';

// Every round starts Baton as a separate process: slow on a busy machine.
const faultTests = { timeout: 900_000 };
/** Notes go to this many issues: each note is a conditional write on its issue, so fewer issues mean more retried collisions. */
const issueCount = 10;

describe('kill -9 of Baton during a burst of notes', faultTests, () => {
  it(`loses no acknowledged note and strands no issue (300 notes per round, ${rounds} rounds)`, async () => {
    // Prepare
    const preparing = roundPhases();
    const dataDir = tempDataDir('baton-kill9-notes');
    const crashes = crashRounds(dataDir);
    let baton = await crashes.startFor(0);
    preparing.done('first start');
    const acknowledged: string[] = [];
    const repairs: Record<string, number> = {};
    try {
      const first = client(baton.url);
      // Signed in once: the identity's key is the data folder's, so the tokens outlive every restart.
      const [staff, manager] = await Promise.all([first.login('sales'), first.login('manager')]);
      const issueIds = await Promise.all(
        Array.from({ length: issueCount }, async (_, i) => (await first.request('POST', '/api/issues', { body: sampleIssue({ orderRef: `PO-N${i}` }) })).body.issueId as string),
      );
      preparing.done(`${issueCount} issues submitted`);
      console.log(`kill -9 during a burst of 300 notes: ${preparing}`);
      for (let round = 0; round < rounds; round++) {
        const phases = roundPhases();
        const api = client(baton.url);
        const notes = Array.from({ length: 300 }, (_, i) => ({ issueId: issueIds[i % issueIds.length]!, text: `round ${round} note ${i}` }));
        // Act: kill -9 somewhere in the middle of the burst, and start again on the same folder.
        // After 10 to 29 acknowledged: a round's time is mostly its acknowledged notes (the rest is refused at once), and
        // what the kill tests is the notes around it (acknowledged just before it, 10 lanes in flight at it), not how many
        // came long before. So the kill comes early in the burst of 300 (was after 20 to 99, then 20 to 59: five rounds
        // acknowledged about 300, then about 200 notes, now about 100), the rest of each burst cut off by the crash.
        const killAfter = 10 + Math.floor(Math.random() * 20);
        const burst = await burstThenKill(baton, notes, 10, killAfter, async (note) => {
          const response = await api.request('POST', `/api/issues/${note.issueId}/notes`, { token: staff, body: { text: note.text, visibility: 'internal' } });
          return response.status === 201;
        });
        acknowledged.push(...burst.acknowledged.map((note) => note.text));
        phases.done('burst');
        baton = await crashes.startFor(round + 1);
        phases.done('restart');
        addCounts(repairs, repairsReported(baton));
        // Assess, after every round: the kill landed mid-burst; every note ever acknowledged is there, once, in
        // order; the invariant holds.
        expect(burst.acknowledged.length).toBeGreaterThan(0);
        expect(burst.unacknowledged).toBeGreaterThan(0);
        const { views: viewsOf, figures } = await assertSettled(baton, dataDir, issueIds, repairs, manager);
        const views = issueIds.map((issueId) => viewsOf.get(issueId)!);
        const stored = new Set(views.flatMap((view) => (view.events as IssueEvent[]).filter((event) => event.type === 'note_added').map((event) => event.text)));
        const lost = acknowledged.filter((text) => !stored.has(text));
        phases.done('checks');
        reportRound('a burst of 300 notes', round, killAfter, { acknowledged: burst.acknowledged.length, unacknowledged: burst.unacknowledged, lost: lost.length, ...figures }, phases);
        expect(lost).toEqual([]);
        for (const view of views) {
          expect((view.events as IssueEvent[]).map((event) => event.seq)).toEqual(view.events.map((_: unknown, i: number) => i + 1));
        }
      }
      console.log(`kill -9 during a burst of 300 notes: ${rounds} rounds, ${acknowledged.length} acknowledged, 0 lost, 0 stranded, 0 filed late; repairs recorded ${JSON.stringify(repairs)}`);
    } finally {
      await crashes.stop(baton);
    }
  });
});
