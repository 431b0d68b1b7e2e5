// A form's submission, as Baton's forms handle it: one at a time (a second submit while the
// first runs is ignored), and a refusal shown where the person looks: each field's problem beside it,
// a sentence above. Staff forms pass `onUnauthorized`: an expired sign-in is not the form's error.
import type { RefObject } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, errorSentence, fieldProblemText, problemsByField, type FieldProblem } from '../api.ts';
import { showRefusal } from './field.ts';

export type Refusal =
  /** Each field's problem beside it, "correct the marked fields" above, and focus on the first field marked. */
  | { focusIn: RefObject<HTMLElement | null> }
  /** The problem of each of these fields beside it; the sentence above only when none of them is named. */
  | { beside: readonly string[] };

export interface SubmissionOptions {
  refusal: Refusal;
  onUnauthorized?: () => void;
}

export function useSubmission({ refusal, onUnauthorized }: SubmissionOptions) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [problems, setProblems] = useState<Record<string, FieldProblem>>({});

  /** Runs `send` for the form's submit event; what it sets after its request is the form's success. */
  async function submit(event: Event, send: () => Promise<void>) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await send();
      setProblems({});
    } catch (failure) {
      if (onUnauthorized && failure instanceof ApiError && failure.status === 401) return onUnauthorized();
      if ('focusIn' in refusal) return showRefusal(failure, refusal.focusIn.current, { problems: setProblems, error: setError });
      const byField = problemsByField(failure);
      setProblems(byField);
      setError(refusal.beside.some((field) => byField[field]) ? undefined : errorSentence(failure));
    } finally {
      setBusy(false);
    }
  }

  return {
    busy,
    error,
    /** The problem of one field, in words, or undefined. */
    errorOf: (field: string) => (problems[field] ? fieldProblemText(problems[field]) : undefined),
    /** Forgets a shown refusal (the form now asks something else). */
    clear: () => {
      setProblems({});
      setError(undefined);
    },
    submit,
  };
}
