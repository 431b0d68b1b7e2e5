// After a customer answers a question, the step's next task goes back to the person who asked,
// held by them, not to the open pool: they know what they asked and why.

interface AnsweredWait {
  status: string;
  returnedIn?: string | undefined;
}
interface AskingTask {
  department: string;
  callbackResult?: { completedBy: string; outcome: string } | undefined;
}

/**
 * Who the step's next task goes to: the person whose `ask_customer` completion asked, once the
 * customer answered, and only for the first task after that answer (`returnedIn` marks it), and only
 * when the task opens in the department they asked from. Undefined: the task opens in the pool.
 */
export function askerToReturnTo(wait: AnsweredWait | undefined, asking: AskingTask | undefined, department: string): string | undefined {
  if (!wait || wait.status !== 'answered' || wait.returnedIn) return undefined;
  if (!asking?.callbackResult || asking.callbackResult.outcome !== 'ask_customer') return undefined;
  return asking.department === department ? asking.callbackResult.completedBy : undefined;
}
