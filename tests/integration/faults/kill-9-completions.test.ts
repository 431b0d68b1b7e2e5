// kill -9 of the Baton process in the middle of a burst of completions, 5 rounds on one data folder: every
// acknowledged (200) completion is stored and taken by its flow, no issue is stranded, none is filed as a late
// completion, and every repair the start-ups made is an event in an issue's history. See "After a crash" in
// infra/local/README.md; notes: kill-9-notes.test.ts.
import { describe, expect, it } from 'vitest';
import { sampleIssue, tempDataDir } from '../../support/local-baton.ts';
import { addCounts, assertSettled, burstThenKill, client, crashRounds, inLanes, reportRound, repairsReported, roundPhases, rounds, until } from '../../support/kill-9.ts';

// Every round starts Baton as a separate process: slow on a busy machine.
const faultTests = { timeout: 900_000 };
/**
 * Completions per round, sent `lanes` at a time: the kill follows the first acknowledged, while the other lanes'
 * completions are in flight, so at most `lanes` are acknowledged and at least one of the round's is not. Each
 * completion needs an issue submitted and its triage claimed first (the file's largest cost), and every issue is
 * replayed and checked at every restart, so a round has no more than that. (It had 5, the kill after the 1st or
 * 2nd acknowledged: the same 2 in flight at the kill, and 5 issues more.)
 */
const perRound = 4;
const lanes = 3;
const killAfter = 1;
/** Issues prepared (submitted, their triage claimed) this many at a time before the first round. */
const submitting = 5;

describe('kill -9 of Baton during a burst of completions', faultTests, () => {
  it(`loses no acknowledged completion, strands no issue and files none as late (${rounds} rounds)`, async () => {
    // Prepare: the issues of every round, each submitted and its triage claimed as soon as a lane is free; later
    // rounds' claimed tasks live through the earlier rounds' crashes.
    const preparing = roundPhases();
    const dataDir = tempDataDir('baton-kill9-completions');
    const crashes = crashRounds(dataDir);
    let baton = await crashes.startFor(0);
    preparing.done('first start');
    const acknowledged: string[] = [];
    const repairs: Record<string, number> = {};
    try {
      const first = client(baton.url);
      // Signed in once: the identity's key is the data folder's, so the tokens outlive every restart.
      const [service, manager] = await Promise.all([first.login('service'), first.login('manager')]);
      const prepared = await inLanes(perRound * rounds, submitting, async (i) => {
        const submitted = await first.request('POST', '/api/issues', { body: sampleIssue({ orderRef: `PO-C${i}` }) });
        expect(submitted, JSON.stringify(submitted.body)).toMatchObject({ status: 201 });
        const issueId = submitted.body.issueId as string;
        const view = await until(
          `triage of ${issueId}`,
          async () => (await first.request('GET', `/api/issues/${issueId}`, { token: service })).body,
          (found) => found.tasks?.some((task: { step: string }) => task.step === 'triage'),
          { firstPauseMs: 20 },
        );
        const { taskId } = view.tasks.find((task: { step: string }) => task.step === 'triage');
        expect((await first.request('POST', `/api/tasks/${taskId}/claim`, { token: service })).status).toBe(200);
        return { issueId, taskId: taskId as string };
      });
      const issueIds = prepared.map(({ issueId }) => issueId);
      const triageTasks = prepared.map(({ taskId }) => taskId);
      preparing.done(`${issueIds.length} issues submitted and their triage claimed`);
      console.log(`kill -9 during a burst of completions: ${preparing}`);
      for (let round = 0; round < rounds; round++) {
        const phases = roundPhases();
        const api = client(baton.url);
        const roundIssues = issueIds.slice(round * perRound, (round + 1) * perRound);
        // Act: the round's triages completed at once; kill -9 once the first is acknowledged, and start again on the same folder.
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
        const { viewOf, views, figures } = await assertSettled(baton, dataDir, issueIds, repairs, manager);
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
              { firstPauseMs: 20 },
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
