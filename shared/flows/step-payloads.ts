// What each step Lambda receives from its flow: one zod schema per `${Placeholder}` of
// step-lambdas.ts. The handler (functions/steps/*) parses its event with it; the flow generator
// (workflows/asl-builder.ts) writes the Payloads typed from it; tests/unit/step-payloads.test.ts
// checks that every Task state of every generated ASL file hands its Lambda a payload it accepts.
import { z } from 'zod';
import { humanStepPayload } from '#shared/flows/human-step.ts';
import type { StepLambdaPlaceholder } from '#shared/flows/step-lambdas.ts';

const id = z.string().min(1);

/** What `$$` (the context object) gives a `waitForTaskToken` state, as the human step has it: a re-run finds its own work by these. */
const tokenContext = humanStepPayload.pick({ taskToken: true, executionArn: true, issueId: true, flowId: true, stateName: true, enteredAt: true, attempt: true });

export const closeIssuePayload = z.object({ issueId: id, resolution: id.default('resolved') });

/** A human step that ended without a person: its SLA passed (`expired`) or the flow cancelled it. */
export const closeTaskPayload = z.object({ issueId: id, stateName: id, reason: z.enum(['expired', 'cancelled']) });

export const endCustomerWaitPayload = z.object({ issueId: id, step: id });

export const recordFlowVersionPayload = z.object({
  issueId: id,
  executionArn: id,
  /** Absent only in executions started on a definition older than this field. */
  flowVersion: z.number().int().positive().optional(),
});

export const recordReroutePayload = z.object({ issueId: id, taskId: id });

export const waitKinds = ['question', 'reminder'] as const;
export type WaitKind = (typeof waitKinds)[number];

/** "Ask the customer …" / "Remind the customer …": which step asked, and the task whose completion holds the question. */
export const waitForCustomerPayload = tokenContext.extend({
  /** The step that asked (its id in the flow). */
  step: id,
  /** The task completed with `ask_customer`: it holds the question. */
  askedIn: id,
  kind: z.enum(waitKinds),
});
export type WaitForCustomerPayload = z.infer<typeof waitForCustomerPayload>;

export const stepPayloads = {
  OpenTaskFunction: humanStepPayload,
  CloseTaskFunction: closeTaskPayload,
  CloseIssueFunction: closeIssuePayload,
  RecordFlowVersionFunction: recordFlowVersionPayload,
  RecordRerouteFunction: recordReroutePayload,
  WaitForCustomerFunction: waitForCustomerPayload,
  EndCustomerWaitFunction: endCustomerWaitPayload,
} as const satisfies Record<StepLambdaPlaceholder, z.ZodObject>;

export type StepPayloads = typeof stepPayloads;

/**
 * A Payload as the ASL writes it: each field either a literal of the schema's input type, or
 * `<field>.$` with a JSONPath. Misspelled or unknown fields do not compile; the unit test checks the rest.
 */
export type AslPayload<Placeholder extends StepLambdaPlaceholder> = {
  [Field in keyof z.input<StepPayloads[Placeholder]>]?: z.input<StepPayloads[Placeholder]>[Field];
} & { [Field in keyof z.input<StepPayloads[Placeholder]> as `${Field & string}.$`]?: string };
