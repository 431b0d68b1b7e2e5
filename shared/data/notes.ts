// Notes: any staff member adds one to any issue, for staff only or for the customer's timeline too.
// Nothing is ever edited: a correction is a new note pointing at the event it corrects.
import { changeIssue } from '#shared/data/issue-changes.ts';
import { InvalidInputError } from '#shared/domain/errors.ts';
import type { IssueEvent } from '#shared/domain/events.ts';
import { departmentOf, type Caller } from '#shared/domain/staff.ts';

export interface NewNote {
  text: string;
  visibility: 'internal' | 'customer';
  corrects?: number;
}

export async function addNote(issueId: string, caller: Caller, note: NewNote): Promise<IssueEvent> {
  return changeIssue(issueId, (issue, now) => {
    // Events are numbered 1…eventCount without gaps, so the count alone says whether one exists.
    if (note.corrects !== undefined && note.corrects > issue.eventCount) {
      throw new InvalidInputError([{ field: 'corrects', code: 'unknown_event', message: `This issue has no event ${note.corrects}.` }]);
    }
    const event: IssueEvent = {
      issueId,
      seq: issue.eventCount + 1,
      at: now,
      type: note.corrects === undefined ? 'note_added' : 'correction_added',
      actor: { kind: 'staff', username: caller.username },
      department: departmentOf(caller),
      visibility: note.visibility,
      text: note.text,
      data: {},
      ...(note.corrects !== undefined ? { corrects: note.corrects } : {}),
    };
    const { issueId: _id, seq: _seq, at: _at, ...appended } = event;
    return { events: [appended], result: event };
  });
}
