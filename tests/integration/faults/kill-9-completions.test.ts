// kill -9 of the Baton process in the middle of a burst of completions, 5 rounds on one data folder: every
// acknowledged (200) completion is stored and taken by its flow, no issue is stranded, none is filed as a late
// completion, and every repair the start-ups made is an event in an issue's history. See "After a crash" in
// infra/local/README.md; notes: kill-9-notes.test.ts.
import { describe, expect, it } from 'vitest';
import { sampleIssue, tempDataDir } from '../../support/local-baton.ts';
import { addCounts, assertSettled, burstThenKill, client, reportRound, repairsReported, rounds, startLoggedBaton, until } from '../../support/kill-9.ts';

// Every round starts Baton as a separate process (a JVM and the prebuilt bundle): slow on a busy machine.
const faultTests = { timeout: 900_000 };

describe('kill -9 of Baton during a burst of completions', faultTests, () => {
  it(`loses no acknowledged completion, strands no issue and files none as late (${rounds} rounds)`, async () => {
    // Prepare
    const dataDir = tempDataDir('baton-kill9-completions');
    let baton = await startLoggedBaton(dataDir);
    const issueIds: string[] = [];
    const acknowledged: string[] = [];
    const repairs: Record<string, number> = {};
    try {
      for (let round = 0; round < rounds; round++) {
        const api = client(baton.url);
        const service = await api.login('service');
        const roundIssues: string[] = [];
        for (let i = 0; i < 8; i++) {
          roundIssues.push((await api.request('POST', '/api/issues', { body: sampleIssue({ orderRef: `PO-C${round}${i}` }) })).body.issueId as string);
        }
        issueIds.push(...roundIssues);
        const triageTasks = await Promise.all(
          roundIssues.map(async (issueId) => {
            const view = await until(
              `triage of ${issueId}`,
              async () => (await api.request('GET', `/api/issues/${issueId}`, { token: service })).body,
              (found) => found.tasks?.some((task: { step: string }) => task.step === 'triage'),
            );
            const { taskId } = view.tasks.find((task: { step: string }) => task.step === 'triage');
            expect((await api.request('POST', `/api/tasks/${taskId}/claim`, { token: service })).status).toBe(200);
            return taskId as string;
          }),
        );
        // Act: every triage completed at once; kill -9 after a few are acknowledged, and start again on the same folder.
        const killAfter = 1 + Math.floor(Math.random() * 5);
        const burst = await burstThenKill(baton, triageTasks, 8, killAfter, async (taskId) => {
          const body = { outcome: 'confirmed_defect', fields: { findings: 'Worn bearing' }, packet: { summary: 'Defect' } };
          return (await api.request('POST', `/api/tasks/${taskId}/complete`, { token: service, body })).status === 200;
        });
        acknowledged.push(...burst.acknowledged);
        baton = await startLoggedBaton(dataDir);
        addCounts(repairs, repairsReported(baton));
        // Assess, after every round: each acknowledged completion is stored and taken by its flow (the next steps
        // open), the invariant holds, and nothing was filed late.
        const { viewOf, figures } = await assertSettled(baton, dataDir, issueIds, repairs);
        const lost: string[] = [];
        for (const issueId of roundIssues) {
          const triage = (await viewOf(issueId)).tasks.find((task: { step: string }) => task.step === 'triage');
          if (!burst.acknowledged.includes(triage.taskId)) continue;
          if (triage.status !== 'completed') lost.push(triage.taskId);
          await until(
            `the flow of ${issueId} taking its completion`,
            async () => ((await viewOf(issueId)).tasks as Array<{ step: string }>).map((task) => task.step),
            (steps) => steps.includes('root-cause') && steps.includes('remedy'),
          );
        }
        reportRound('a burst of completions', round, killAfter, { acknowledged: burst.acknowledged.length, unacknowledged: burst.unacknowledged, lost: lost.length, ...figures });
        expect(lost).toEqual([]);
      }
      console.log(`kill -9 during a burst of completions: ${rounds} rounds, ${acknowledged.length} acknowledged, 0 lost, 0 stranded, 0 filed late; repairs recorded ${JSON.stringify(repairs)}`);
    } finally {
      baton.child.kill('SIGINT');
      await baton.exited;
    }
  });
});
