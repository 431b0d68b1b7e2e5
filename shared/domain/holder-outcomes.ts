// The outcomes a task offers the department holding it. A flow declares each step's outcomes for its
// home department; after a reroute the step is held elsewhere, and there some of them make no sense:
// an outcome the flow reserves for other departments (`onlyFor`: a refund is sales' call), and a
// reroute "to another department", since the flow sends every reroute after the first to a
// manager's decision ("Second reroute at the …?" in workflows/asl-builder.ts).
import { rerouteOutcomeId } from '#shared/domain/completion.ts';
import type { Outcome, QueueDepartment } from '#shared/domain/task.ts';

export interface Holding {
  /** The department the task opens in (where the step was routed, else its home). */
  holder: QueueDepartment;
  /** How many times the issue was rerouted before this task opened (`issue.reroutes`). */
  reroutesSoFar: number;
}

/** The reroute once the issue was rerouted before: the flow hands it to a manager, the department named is only a suggestion. */
function rerouteToManager(reroute: Outcome): Outcome {
  return {
    ...reroute,
    label: { zh: '也不属本部门：由经理决定负责部门', en: 'Not ours either: a manager decides who owns it' },
    fields: reroute.fields.map((field) =>
      field.type === 'department' ? { ...field, required: false, label: { zh: '建议转交部门（由经理决定）', en: 'Suggested department (a manager decides)' } } : field,
    ),
  };
}

/**
 * The step's declared outcomes as the holder may choose them, in the declared order. Outcomes
 * reserved for other departments are left out (a manager acting on the task sees what its department
 * sees); `onlyFor` is the flow's declaration, not part of what a task offers.
 */
export function outcomesForHolder(declared: Outcome[], holding: Holding): Outcome[] {
  return declared
    .filter((outcome) => !outcome.onlyFor || (outcome.onlyFor as readonly string[]).includes(holding.holder))
    .map(({ onlyFor: _onlyFor, ...outcome }) => (outcome.id === rerouteOutcomeId && holding.reroutesSoFar > 0 ? rerouteToManager(outcome) : outcome));
}
