// Building blocks the flow generator (build-flows.ts) writes the ASL files with. Every department
// step comes with the same companions (reroute, ask the customer, SLA breach, failure), so they are
// written once here instead of by hand in four files. See README.md for what each state does.
// Types, outcome ids and payloads come from shared/: what a task is (shared/domain/task.ts), the
// outcomes every department step adds (shared/domain/completion.ts) and what each step Lambda
// accepts (shared/flows/step-payloads.ts).
import type { z } from 'zod';
import { askCustomerOutcomeId, rerouteOutcomeId } from '#shared/domain/completion.ts';
import type { localizedText, Outcome, OutcomeField, QueueDepartment } from '#shared/domain/task.ts';
import type { StepLambdaPlaceholder } from '#shared/flows/step-lambdas.ts';
import type { AslPayload, WaitKind } from '#shared/flows/step-payloads.ts';

export type { Outcome };
export type Lane = QueueDepartment;
export type Department = Exclude<Lane, 'management'>;
export type Localized = z.infer<typeof localizedText>;
export type Field = OutcomeField;
export type AslState = Record<string, unknown>;
export type States = Record<string, AslState>;

/** A rule of the Choice that follows a step, on its result (`$.<key>`), e.g. { Variable: '$.remedy.outcome', StringEquals: 'replacement' }. */
export type ChoiceRule = Record<string, unknown>;

export interface StepSpec {
  /** The state's name: a sentence ("Triage the issue"). Display names live in shared/flows/step-names.ts, not in the ASL. */
  name: string;
  /** Step id (tasks, map, path). */
  step: string;
  /** Where its result lives in the flow state (`$.<key>`) and its routing (`$.routing.<key>`). */
  key: string;
  /** What the step produces, for the names of its companions ("the late <noun>"). */
  noun: string;
  lane: Lane;
  /** SLA: the state's TimeoutSeconds. */
  slaSeconds: number;
  /** The step's own outcomes, the usual forward outcome first. */
  outcomes: Outcome[];
  /** Outcome-specific ways on (checked before `next`). */
  choices?: Array<{ rule: ChoiceRule; next: string }>;
  /** Where the step goes on; `end` ends a Parallel branch with a Succeed state of that name. */
  next: string | { end: string };
}

const lambdaErrors = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];
const retryLambdaErrors = [{ ErrorEquals: lambdaErrors, IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 }];

/** The customer gets a reminder after a day without a reply, and the step goes on without one a day later. */
export const customerReminderSeconds = 86_400;
export const customerGiveUpSeconds = 86_400;
/** A step may ask the customer this many times; the next question goes to a manager's decision. */
export const maxQuestionsPerStep = 3;
/** The SLA of a manager's decision, escalation or failure step. */
export const managerSlaSeconds = 86_400;

export const label = (zh: string, en: string): Localized => ({ zh, en });
export const field = (name: string, type: Field['type'], required: boolean, zh: string, en: string): Field => ({ name, type, required, label: label(zh, en) });

/** Listed on every department task after the step's own outcomes (see README: No bouncing). */
export const rerouteOutcome: Outcome = {
  id: rerouteOutcomeId,
  label: label('不属本部门：转交他部门', 'Not ours: reroute to another department'),
  fields: [field('reason', 'text', true, '原因', 'Reason'), field('toDepartment', 'department', true, '转交部门', 'To department')],
};
export const askCustomerOutcome: Outcome = {
  id: askCustomerOutcomeId,
  label: label('询问客户', 'Ask the customer'),
  fields: [field('question', 'text', true, '问题', 'Question')],
};

const failureCatch = (failureState: string) => ({ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: failureState });

function lambdaTask<Placeholder extends StepLambdaPlaceholder>(placeholder: Placeholder, payload: AslPayload<Placeholder>, next: string, failureState: string, extra: AslState = {}): AslState {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: `\${${placeholder}}`, Payload: payload },
    ResultPath: null,
    ...extra,
    Retry: retryLambdaErrors,
    Catch: [failureCatch(failureState)],
    Next: next,
  };
}

const tokenContext: AslPayload<'OpenTaskFunction' | 'WaitForCustomerFunction'> = {
  'taskToken.$': '$$.Task.Token',
  'executionArn.$': '$$.Execution.Id',
  'issueId.$': '$.issueId',
  'flowId.$': '$.flowId',
  'stateName.$': '$$.State.Name',
  'enteredAt.$': '$$.State.EnteredTime',
  'attempt.$': '$$.State.RetryCount',
};

interface HumanStateOptions {
  name: string;
  lane: Lane;
  step: string;
  outcomes: Outcome[];
  slaSeconds: number;
  resultPath: string;
  /** Department steps read where they were routed from `$.routing.<key>`. */
  routingKey?: string;
  onTimeout: string;
  failureState: string;
  next: string;
  /** The failure step itself retries longer before giving up (nobody else could be told). */
  lastResort?: boolean;
}

function humanState(options: HumanStateOptions): AslState {
  const payload: AslPayload<'OpenTaskFunction'> = {
    ...tokenContext,
    department: options.lane,
    ...(options.routingKey ? { 'routedTo.$': `$.routing.${options.routingKey}.department`, 'questionsAsked.$': `$.asks.${options.routingKey}.count` } : {}),
    step: options.step,
    outcomes: options.outcomes,
    // The SLA again, written from the same value as TimeoutSeconds: the task's due time needs it,
    // and reading it from the execution's definition would cost a control-plane call per step.
    slaSeconds: options.slaSeconds,
    // The version the execution runs on, recorded on the issue as its first task opens.
    'flowVersion.$': '$.flowVersion',
  };
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Parameters: { FunctionName: '${OpenTaskFunction}', Payload: payload },
    TimeoutSeconds: options.slaSeconds,
    ResultPath: options.resultPath,
    Retry: options.lastResort
      ? [...retryLambdaErrors, { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 60, MaxAttempts: 8, BackoffRate: 2, MaxDelaySeconds: 3600 }]
      : retryLambdaErrors,
    Catch: [
      { ErrorEquals: ['States.Timeout'], ResultPath: '$.breach', Next: options.onTimeout },
      options.lastResort ? { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: options.failureState } : failureCatch(options.failureState),
    ],
    Next: options.next,
  };
}

/** Closes a human step's task as expired (its SLA passed): the breach is recorded, then escalated. */
const recordBreach = (stepState: string, next: string, failureState: string) =>
  lambdaTask('CloseTaskFunction', { 'issueId.$': '$.issueId', stateName: stepState, reason: 'expired' }, next, failureState);

export const names = (spec: Pick<StepSpec, 'noun'>) => ({
  which: `Which way after the ${spec.noun}?`,
  countReroute: `Count the reroute of the ${spec.noun}`,
  secondReroute: `Second reroute at the ${spec.noun}?`,
  sendRerouted: `Send the ${spec.noun} where it was rerouted`,
  decideOwner: `Decide who owns the ${spec.noun}`,
  decisionLate: `Remind a manager to decide who owns the ${spec.noun}`,
  sendToOwner: `Send the ${spec.noun} to the owner chosen`,
  countQuestion: `Count the questions about the ${spec.noun}`,
  tooManyQuestions: `Asked the customer too often about the ${spec.noun}?`,
  ask: `Ask the customer about the ${spec.noun}`,
  remind: `Remind the customer about the ${spec.noun}`,
  noReply: `Go on without the customer's reply about the ${spec.noun}`,
  recordLate: `Record the late ${spec.noun}`,
  escalateLate: `Escalate the late ${spec.noun}`,
  escalateLateAgain: `Escalate the late ${spec.noun} again`,
  failure: `Resolve the failure at the ${spec.noun}`,
  failureLate: `Remind a manager of the failure at the ${spec.noun}`,
  failed: `Stop, as no manager could be told of the failure at the ${spec.noun}`,
});

/** A human step with all its companions: SLA breach → manager, failure → manager, and for department steps reroute and ask-the-customer loops. */
export function stepStates(spec: StepSpec): States {
  const n = names(spec);
  const isDepartment = spec.lane !== 'management';
  const forward = typeof spec.next === 'string' ? spec.next : spec.next.end;
  const states: States = {};

  states[spec.name] = humanState({
    name: spec.name,
    lane: spec.lane,
    step: spec.step,
    outcomes: isDepartment ? [...spec.outcomes, rerouteOutcome, askCustomerOutcome] : spec.outcomes,
    slaSeconds: spec.slaSeconds,
    resultPath: `$.${spec.key}`,
    ...(isDepartment ? { routingKey: spec.key } : {}),
    onTimeout: n.recordLate,
    failureState: n.failure,
    next: isDepartment || spec.choices?.length ? n.which : forward,
  });
  if (isDepartment || spec.choices?.length) {
    const outcome = `$.${spec.key}.outcome`;
    states[n.which] = {
      Type: 'Choice',
      Choices: [
        ...(isDepartment
          ? [
              { Variable: outcome, StringEquals: rerouteOutcome.id, Next: n.countReroute },
              { Variable: outcome, StringEquals: askCustomerOutcome.id, Next: n.countQuestion },
            ]
          : []),
        ...(spec.choices ?? []).map(({ rule, next }) => ({ ...rule, Next: next })),
      ],
      Default: forward,
    };
  }
  if (typeof spec.next !== 'string') states[spec.next.end] = { Type: 'Succeed' };

  if (isDepartment) {
    // Reroute: the first sends the same step to the department named; from the second on, a manager decides.
    states[n.countReroute] = lambdaTask('RecordRerouteFunction', { 'issueId.$': '$.issueId', 'taskId.$': `$.${spec.key}.taskId` }, n.secondReroute, n.failure, {
      ResultSelector: { 'reroutes.$': '$.Payload.reroutes' },
      ResultPath: '$.reroute',
    });
    states[n.secondReroute] = {
      Type: 'Choice',
      Choices: [{ Variable: '$.reroute.reroutes', NumericGreaterThanEquals: 2, Next: n.decideOwner }],
      Default: n.sendRerouted,
    };
    states[n.sendRerouted] = {
      Type: 'Pass',
      Parameters: { 'department.$': `$.${spec.key}.fields.toDepartment` },
      ResultPath: `$.routing.${spec.key}`,
      Next: spec.name,
    };
    states[n.decideOwner] = humanState({
      name: n.decideOwner,
      lane: 'management',
      step: `${spec.step}-owner`,
      outcomes: [
        {
          id: 'assign_owner',
          label: label('指定负责部门', 'Assign the owning department'),
          fields: [field('owner', 'department', true, '负责部门', 'Owning department'), field('instructions', 'text', true, '指示', 'Instructions')],
        },
      ],
      slaSeconds: managerSlaSeconds,
      resultPath: '$.ownerDecision',
      onTimeout: n.decisionLate,
      failureState: n.failure,
      next: n.sendToOwner,
    });
    states[n.decisionLate] = recordBreach(n.decideOwner, n.decideOwner, n.failure);
    states[n.sendToOwner] = {
      Type: 'Pass',
      Parameters: { 'department.$': '$.ownerDecision.fields.owner' },
      ResultPath: `$.routing.${spec.key}`,
      Next: spec.name,
    };

    // Ask the customer: a bounded loop that always comes back to the same step.
    states[n.countQuestion] = {
      Type: 'Pass',
      Parameters: { 'count.$': `States.MathAdd($.asks.${spec.key}.count, 1)` },
      ResultPath: `$.asks.${spec.key}`,
      Next: n.tooManyQuestions,
    };
    states[n.tooManyQuestions] = {
      Type: 'Choice',
      Choices: [{ Variable: `$.asks.${spec.key}.count`, NumericGreaterThan: maxQuestionsPerStep, Next: n.decideOwner }],
      Default: n.ask,
    };
    const customerWait = (name: string, kind: WaitKind, timeoutSeconds: number, onTimeout: string): AslState => ({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: '${WaitForCustomerFunction}',
        Payload: { ...tokenContext, step: spec.step, 'askedIn.$': `$.${spec.key}.taskId`, kind } satisfies AslPayload<'WaitForCustomerFunction'>,
      },
      TimeoutSeconds: timeoutSeconds,
      ResultPath: '$.customerReply',
      Retry: retryLambdaErrors,
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.breach', Next: onTimeout }, failureCatch(n.failure)],
      Next: spec.name,
    });
    states[n.ask] = customerWait(n.ask, 'question', customerReminderSeconds, n.remind);
    states[n.remind] = customerWait(n.remind, 'reminder', customerGiveUpSeconds, n.noReply);
    states[n.noReply] = lambdaTask('EndCustomerWaitFunction', { 'issueId.$': '$.issueId', step: spec.step }, spec.name, n.failure);
  }

  // SLA breach: recorded, escalated to a manager, who sends it back to the step.
  states[n.recordLate] = recordBreach(spec.name, n.escalateLate, n.failure);
  states[n.escalateLate] = managerDecision(spec, {
    name: n.escalateLate,
    step: 'escalation',
    outcome: { id: 'return_to_step', label: label('督促后退回原环节', 'Return it to the step, with instructions') },
    resultPath: '$.escalation',
    onTimeout: n.escalateLateAgain,
    failureState: n.failure,
  });
  states[n.escalateLateAgain] = recordBreach(n.escalateLate, n.escalateLate, n.failure);

  // Anything unexpected: a manager looks at it and runs the step again.
  states[n.failure] = managerDecision(spec, {
    name: n.failure,
    step: 'failure',
    outcome: { id: 'retry_step', label: label('处理后重新执行该环节', 'Fixed: run the step again') },
    resultPath: '$.failureDecision',
    onTimeout: n.failureLate,
    failureState: n.failed,
    lastResort: true,
  });
  states[n.failureLate] = recordBreach(n.failure, n.failure, n.failed);
  // Only when even the manager's task cannot be opened (after hours of retries): the execution fails and its alarm fires.
  states[n.failed] = { Type: 'Fail', Error: 'Baton.NoManagerReached', Cause: `The step "${spec.name}" failed and no manager task could be opened.` };
  return states;
}

/**
 * A manager's task about a step that went wrong (its SLA passed, or it failed): one outcome, with instructions for the
 * step's department, a day to decide, and then the step runs again.
 */
function managerDecision(
  spec: StepSpec,
  decision: { name: string; step: 'escalation' | 'failure'; outcome: Pick<Outcome, 'id' | 'label'> } & Pick<HumanStateOptions, 'resultPath' | 'onTimeout' | 'failureState' | 'lastResort'>,
): AslState {
  const { name, step, outcome, ...rest } = decision;
  return humanState({
    name,
    lane: 'management',
    step: `${spec.step}-${step}`,
    outcomes: [{ ...outcome, fields: [field('instructions', 'text', true, '指示', 'Instructions')] }],
    slaSeconds: managerSlaSeconds,
    ...rest,
    next: spec.name,
  });
}

/**
 * The flow's first state: every department step starts in its home department, and the execution
 * carries its flow version (`flowVersion`, the same number the Comment ends with) to its steps. The
 * first task records it on the issue as it opens, in the same transaction: no step of its own (an
 * older definition's "Record the flow version" Lambda state did it, with two more DynamoDB calls and a
 * state transition), and no control-plane call to read the execution's definition.
 */
export function startStates(specs: StepSpec[], first: StepSpec, flowVersion: number): States {
  const departmentSteps = specs.filter((spec) => spec.lane !== 'management');
  return {
    'Start every step in its home department': {
      Type: 'Pass',
      Parameters: {
        'issueId.$': '$.issueId',
        'flowId.$': '$.flowId',
        flowVersion,
        routing: Object.fromEntries(departmentSteps.map((spec) => [spec.key, { department: 'home' }])),
        asks: Object.fromEntries(departmentSteps.map((spec) => [spec.key, { count: 0 }])),
      },
      Next: first.name,
    },
  };
}

/**
 * The step a customer's "not solved" opens (see README: Reopening): in the lane of the flow's last
 * step, routed to the department that closed the issue, then the issue is closed again. It comes
 * with the same companions as every department step (reroute, ask the customer, SLA, failure).
 */
export function reopenedStep(last: StepSpec): StepSpec {
  return {
    name: 'Follow up on the reopened issue',
    step: 'reopened',
    key: 'reopened',
    noun: 'reopened issue',
    lane: last.lane,
    slaSeconds: 86_400,
    outcomes: [{ id: 'solved', label: label('已解决', 'Solved now'), fields: [field('resolution', 'text', true, '处理结果', 'What was done')] }],
    next: 'Close the issue',
  };
}

/**
 * Where every execution starts: a reopen's input carries `reopen` and goes straight to the follow-up
 * in the department named (`home`: its own lane), every other step's routing and question count
 * starting fresh; a new issue starts every step in its home department.
 */
export function entryStates(specs: StepSpec[], reopened: StepSpec, flowVersion: number): States {
  const departmentSteps = specs.filter((spec) => spec.lane !== 'management');
  return {
    'Reopened by the customer?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.reopen', IsPresent: true, Next: 'Start the follow-up where the issue was closed' }],
      Default: 'Start every step in its home department',
    },
    'Start the follow-up where the issue was closed': {
      Type: 'Pass',
      Parameters: {
        'issueId.$': '$.issueId',
        'flowId.$': '$.flowId',
        flowVersion,
        routing: {
          ...Object.fromEntries(departmentSteps.map((spec) => [spec.key, { department: 'home' }])),
          [reopened.key]: { 'department.$': '$.reopen.department' },
        },
        asks: Object.fromEntries(departmentSteps.map((spec) => [spec.key, { count: 0 }])),
      },
      Next: reopened.name,
    },
  };
}

/** The flow's last state: the issue is closed, visibly to the customer. */
export function closeState(last: StepSpec): AslState {
  const { Next: _next, ...task } = lambdaTask('CloseIssueFunction', { 'issueId.$': '$.issueId', resolution: 'resolved' }, '', names(last).failure);
  return { ...task, End: true };
}
