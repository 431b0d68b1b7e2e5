// One entry of a flow's state (execution + state + entry time + attempt), as a short stable digest: a
// re-run step Lambda finds the task or customer wait it already made and does nothing twice.
import { createHash } from 'node:crypto';

export interface StepEntry {
  executionArn: string;
  stateName: string;
  enteredAt: string;
  attempt: number;
}

export const stepEntryDigest = (step: StepEntry) =>
  createHash('sha256').update(`${step.executionArn}|${step.stateName}|${step.enteredAt}|${step.attempt}`).digest('base64url').slice(0, 26);

/** Issue ids are `iss-` and 26 Crockford base32 characters (shared/domain/ids.ts). */
const issueIdBody = /^iss-([0-9A-HJKMNP-TV-Z]{26})$/;
const taskIdWithIssue = /^tsk-([0-9A-HJKMNP-TV-Z]{26})_[A-Za-z0-9_-]{26}$/;

/**
 * A task's id: deterministic per step entry, so a re-run step opens no second task. It carries its
 * issue's id, so a claim or completion reads the task and its issue in one request
 * (`issueIdOfTask`); tasks opened before this format have no issue part and are read one after the other.
 */
export function taskIdFor(step: StepEntry & { issueId: string }): string {
  const issuePart = issueIdBody.exec(step.issueId)?.[1];
  return issuePart ? `tsk-${issuePart}_${stepEntryDigest(step)}` : `tsk-${stepEntryDigest(step)}`;
}

/**
 * Every id this step's task may carry: today's, and the one tasks were given before ids carried their
 * issue (a table or data folder written by an earlier Baton). Whoever asks "does this step have its
 * task?" must look under both, or an upgrade opens a second task for a step that has one.
 */
export function taskIdsFor(step: StepEntry & { issueId: string }): string[] {
  const current = taskIdFor(step);
  const earlier = `tsk-${stepEntryDigest(step)}`;
  return current === earlier ? [current] : [current, earlier];
}

/** The issue a task id names, if it names one (only a read of the task confirms it). */
export function issueIdOfTask(taskId: string): string | undefined {
  const issuePart = taskIdWithIssue.exec(taskId)?.[1];
  return issuePart ? `iss-${issuePart}` : undefined;
}
