// kill -9 of the Baton process in the middle of a burst of completions, 5 rounds on one data folder: every
// acknowledged (200) completion is stored and taken by its flow, no issue is stranded, none is filed as a late
// completion, and every repair the start-ups made is an event in an issue's history. See "After a crash" in
// infra/local/README.md; notes: kill-9-notes.test.ts.
import { describe, expect, it } from 'vitest';
import { sampleIssue, tempDataDir } from '../../support/local-baton.ts';
import { addCounts, assertSettled, burstThenKill, client, crashRounds, reportRound, repairsReported, roundPhases, rounds, until } from '../../support/kill-9.ts';

// Every round starts Baton as a separate process: slow on a busy machine.
const faultTests = { timeout: 900_000 };
/**
 * Completions per round, sent `lanes` at a time: the kill follows the 1st or 2nd acknowledged, so at most
 * 2 + (lanes - 1) are acknowledged and at least one of the round's is not. Each completion needs an issue
 * submitted first (the file's largest cost), so a round has no more than that.
 */
const perRound = 6;
const lanes = 4;
const killAfterAtMost = 2;
/** Issues submitted this many at a time before the first round. */
const submitting = 6;

describe('kill -9 of Baton during a burst of completions', faultTests, () => {
  it(`loses no acknowledged completion, strands no issue and files none as late (${rounds} rounds)`, async () => {
    // Prepare: the issues of every round, submitted and their triage claimed at once; later rounds' claimed
    // tasks live through the earlier rounds' crashes.
    const preparing = Date.now();
    const dataDir = tempDataDir('baton-kill9-completions');
    const crashes = crashRounds(dataDir);
    let baton = await crashes.startFor(0);
    const acknowledged: string[] = [];
    const repairs: Record<string, number> = {};
    try {
      const first = client(baton.url);
      const service = await first.login('service');
      const issueIds: string[] = [];
      for (let next = 0; next < perRound * rounds; next += submitting) {
        const batch = Array.from({ length: Math.min(submitting, perRound * rounds - next) }, (_, i) => next + i);
        for (const submitted of await Promise.all(batch.map((i) => first.request('POST', '/api/issues', { body: sampleIssue({ orderRef: `PO-C${i}` }) })))) {
          expect(submitted, JSON.stringify(submitted.body)).toMatchObject({ status: 201 });
          issueIds.push(submitted.body.issueId as string);
        }
      }
      const triageTasks = await Promise.all(
        issueIds.map(async (issueId) => {
          const view = await until(
            `triage of ${issueId}`,
            async () => (await first.request('GET', `/api/issues/${issueId}`, { token: service })).body,
            (found) => found.tasks?.some((task: { step: string }) => task.step === 'triage'),
          );
          const { taskId } = view.tasks.find((task: { step: string }) => task.step === 'triage');
          expect((await first.request('POST', `/api/tasks/${taskId}/claim`, { token: service })).status).toBe(200);
          return taskId as string;
        }),
      );
      console.log(`kill -9 during a burst of completions: ${issueIds.length} issues submitted and their triage claimed in ${((Date.now() - preparing) / 1000).toFixed(1)} s`);
      for (let round = 0; round < rounds; round++) {
        const phases = roundPhases();
        const api = client(baton.url);
        const roundIssues = issueIds.slice(round * perRound, (round + 1) * perRound);
        // Act: the round's triages completed at once; kill -9 after a few are acknowledged, and start again on the same folder.
        const killAfter = 1 + Math.floor(Math.random() * killAfterAtMost);
        const burst = await burstThenKill(baton, triageTasks.slice(round * perRound, (round + 1) * perRound), lanes, killAfter, async (taskId) => {
          const body = { outcome: 'confirmed_defect', fields: { findings: 'Worn bearing' }, packet: { summary: 'Defect' } };
          return (await api.request('POST', `/api/tasks/${taskId}/complete`, { token: service, body })).status === 200;
        });
        acknowledged.push(...burst.acknowledged);
        phases.done('burst');
        baton = await crashes.startFor(round + 1);
        phases.done('restart');
        addCounts(repairs, repairsReported(baton));
        // Assess, after every round: the kill landed mid-burst; each acknowledged completion is stored and taken by
        // its flow (the next steps open), the invariant holds, and nothing was filed late.
        expect(burst.acknowledged.length).toBeGreaterThan(0);
        expect(burst.unacknowledged).toBeGreaterThan(0);
        const { viewOf, views, figures } = await assertSettled(baton, dataDir, issueIds, repairs);
        const lost: string[] = [];
        await Promise.all(
          roundIssues.map(async (issueId) => {
            const triage = views.get(issueId)!.tasks.find((task) => task.step === 'triage')!;
            if (!burst.acknowledged.includes(triage.taskId)) return;
            if (triage.status !== 'completed') lost.push(triage.taskId);
            await until(
              `the flow of ${issueId} taking its completion`,
              async () => ((await viewOf(issueId)).tasks as Array<{ step: string }>).map((task) => task.step),
              (steps) => steps.includes('root-cause') && steps.includes('remedy'),
            );
          }),
        );
        phases.done('checks');
        reportRound('a burst of completions', round, killAfter, { acknowledged: burst.acknowledged.length, unacknowledged: burst.unacknowledged, lost: lost.length, ...figures }, phases);
        expect(lost).toEqual([]);
      }
      console.log(`kill -9 during a burst of completions: ${rounds} rounds, ${acknowledged.length} acknowledged, 0 lost, 0 stranded, 0 filed late; repairs recorded ${JSON.stringify(repairs)}`);
    } finally {
      await crashes.stop(baton);
    }
  });
});
