// kill -9 of the Baton process in the middle of a burst of completions, 5 rounds on one data folder: every
// acknowledged (200) completion is stored and taken by its flow, no issue is stranded, none is filed as a late
// completion, and every repair the start-ups made is an event in an issue's history. See "After a crash" in
// infra/local/README.md; notes: kill-9-notes.test.ts.
import { describe, expect, it } from 'vitest';
import { sampleIssue, tempDataDir } from '../../support/sample-data.ts';
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
/**
 * A claimed triage whose completion the crash cut off before it was stored is still claimed after the restart: the
 * next round sends it again (as the person would), and only the tasks a round used up are replaced by new issues,
 * `submitting` at a time. Most rounds use 1 or 2 of their 4, so the file prepares about 10 issues instead of 20, each
 * of which every later restart replays and every check reads.
 */
const submitting = 4;

describe('kill -9 of Baton during a burst of completions', faultTests, () => {
  it(`loses no acknowledged completion, strands no issue and files none as late (${rounds} rounds)`, async () => {
    // Prepare: the first round's issues, each submitted and its triage claimed as soon as a lane is free; a later
    // round's claimed tasks are those an earlier round left claimed, topped up after its restart.
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
      const issueIds: string[] = [];
      let orderRefs = 0;
      /** Claimed triage tasks no round has completed yet, oldest first. */
      let claimed: Array<{ issueId: string; taskId: string }> = [];
      const topUp = async (api: ReturnType<typeof client>) => {
        const count = perRound - claimed.length;
        const added = await inLanes(count, submitting, async () => {
          const submitted = await api.request('POST', '/api/issues', { body: sampleIssue({ orderRef: `PO-C${orderRefs++}` }) });
          expect(submitted, JSON.stringify(submitted.body)).toMatchObject({ status: 201 });
          const issueId = submitted.body.issueId as string;
          issueIds.push(issueId);
          const view = await until(
            `triage of ${issueId}`,
            async () => (await api.request('GET', `/api/issues/${issueId}`, { token: service })).body,
            (found) => found.tasks?.some((task: { step: string }) => task.step === 'triage'),
            { firstPauseMs: 20 },
          );
          const { taskId } = view.tasks.find((task: { step: string }) => task.step === 'triage');
          expect((await api.request('POST', `/api/tasks/${taskId}/claim`, { token: service })).status).toBe(200);
          return { issueId, taskId: taskId as string };
        });
        claimed = [...claimed, ...added];
        return added.length;
      };
      preparing.done(`${await topUp(first)} issues submitted and their triage claimed`);
      console.log(`kill -9 during a burst of completions: ${preparing}`);
      for (let round = 0; round < rounds; round++) {
        const phases = roundPhases();
        const api = client(baton.url);
        const roundTasks = claimed;
        // Act: the round's triages completed at once; kill -9 once the first is acknowledged, and start again on the same folder.
        const burst = await burstThenKill(baton, roundTasks, lanes, killAfter, async ({ taskId }) => {
          const body = { outcome: 'confirmed_defect', fields: { findings: 'Worn bearing' }, packet: { summary: 'Defect' } };
          return (await api.request('POST', `/api/tasks/${taskId}/complete`, { token: service, body })).status === 200;
        });
        acknowledged.push(...burst.acknowledged.map(({ taskId }) => taskId));
        phases.done('burst');
        baton = await crashes.startFor(round + 1);
        phases.done('restart');
        addCounts(repairs, repairsReported(baton));
        // Assess, after every round: the kill landed mid-burst; each acknowledged completion is stored and taken by
        // its flow (the next steps open), the invariant holds, and nothing was filed late.
        expect(burst.acknowledged.length).toBeGreaterThan(0);
        expect(burst.unacknowledged).toBeGreaterThan(0);
        const { api: restarted, viewOf, views, figures } = await assertSettled(baton, dataDir, issueIds, repairs, manager);
        const lost: string[] = [];
        const stillClaimed: typeof claimed = [];
        await Promise.all(
          roundTasks.map(async (task) => {
            const triage = views.get(task.issueId)!.tasks.find((found) => found.taskId === task.taskId)!;
            if (!burst.acknowledged.includes(task)) {
              // The invariant holds, so a task still claimed is one its execution still waits on.
              if (triage.status === 'claimed') stillClaimed.push(task);
              return;
            }
            if (triage.status !== 'completed') lost.push(triage.taskId);
            await until(
              `the flow of ${task.issueId} taking its completion`,
              async () => ((await viewOf(task.issueId)).tasks as Array<{ step: string }>).map((found) => found.step),
              (steps) => steps.includes('root-cause') && steps.includes('remedy'),
              { firstPauseMs: 20 },
            );
          }),
        );
        phases.done('checks');
        claimed = roundTasks.filter((task) => stillClaimed.includes(task));
        if (round < rounds - 1) phases.done(`${await topUp(restarted)} issues added`);
        reportRound('a burst of completions', round, killAfter, { acknowledged: burst.acknowledged.length, unacknowledged: burst.unacknowledged, lost: lost.length, ...figures }, phases);
        expect(lost).toEqual([]);
      }
      console.log(`kill -9 during a burst of completions: ${rounds} rounds, ${issueIds.length} issues, ${acknowledged.length} acknowledged, 0 lost, 0 stranded, 0 filed late; repairs recorded ${JSON.stringify(repairs)}`);
    } finally {
      await crashes.stop(baton);
    }
  });
});
