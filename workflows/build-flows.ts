// The source of Baton's flows: `npm run flows` writes workflows/<flowId>.asl.json (what the local
// runtime, the CDK stack and the process map read) and workflows/<flowId>.md (its picture, for
// reviewers) from the flow descriptions below; unit tests check the committed files equal what this
// script produces. Each flow's Baton version comes from shared/flows/catalog.ts (flowVersions) and
// is stated at the end of the ASL Comment.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AslDefinition } from '#shared/flows/asl.ts';
import { flowIds, flowVersions, type FlowId } from '#shared/flows/catalog.ts';
import { withOfferedSets } from '#shared/flows/outcome-sets.ts';
import { placeFlow, type FlowPlacement } from '#shared/domain/map-placement.ts';
import { buildProcessMap } from '#shared/domain/process-map.ts';
import { readableMap } from '#shared/domain/readable-map.ts';
import { closeState, entryStates, field, label, reopenedStep, startStates, stepStates, type AslState, type StepSpec } from './asl-builder.ts';
import { closeStateName, isParallel, stepsOf, type FlowModel } from './flow-model.ts';
import { flowPicture } from './flow-picture.ts';

const hours = (n: number) => n * 3600;
const days = (n: number) => n * 86_400;
const outcomeIs = (key: string, id: string) => ({ Variable: `$.${key}.outcome`, StringEquals: id });

// ---- product-defect ---------------------------------------------------------------------------
const triage: StepSpec = {
  name: 'Triage the issue',
  step: 'triage',
  key: 'triage',
  noun: 'triage',
  lane: 'service',
  slaSeconds: hours(8),
  outcomes: [
    { id: 'confirmed_defect', label: label('确认缺陷，转生产与销售', 'Defect confirmed: on to production and sales'), fields: [field('findings', 'text', true, '分诊结论', 'Findings')] },
    { id: 'not_a_defect', label: label('不是缺陷：直接与客户确认', 'Not a defect: confirm with the customer'), fields: [field('explanation', 'text', true, '说明', 'Explanation')] },
  ],
  choices: [{ rule: outcomeIs('triage', 'not_a_defect'), next: 'Confirm with the customer' }],
  next: 'Investigate and offer a remedy',
};
const rootCause: StepSpec = {
  name: 'Find the root cause',
  step: 'root-cause',
  key: 'rootCause',
  noun: 'root cause',
  lane: 'production',
  slaSeconds: days(2),
  outcomes: [
    {
      id: 'root_cause_found',
      label: label('找到根因', 'Root cause found'),
      fields: [field('rootCause', 'text', true, '根因', 'Root cause'), field('correctiveAction', 'text', false, '纠正措施', 'Corrective action')],
    },
  ],
  next: { end: 'The root cause is known' },
};
const remedy: StepSpec = {
  name: 'Offer a remedy',
  step: 'remedy',
  key: 'remedy',
  noun: 'remedy',
  lane: 'sales',
  slaSeconds: days(1),
  outcomes: [
    { id: 'replacement', label: label('更换产品', 'Replace the product'), fields: [field('offer', 'text', true, '方案', 'Offer')] },
    // Money back is sales' call: rerouted to service or production, the step offers a replacement or a repair.
    { id: 'refund', label: label('退款', 'Refund'), fields: [field('offer', 'text', true, '方案', 'Offer'), field('amount', 'number', true, '金额', 'Amount')], onlyFor: ['sales'] },
    { id: 'repair', label: label('维修', 'Repair'), fields: [field('offer', 'text', true, '方案', 'Offer')] },
  ],
  next: { end: 'The remedy is offered' },
};
const replacement: StepSpec = {
  name: 'Ship a replacement',
  step: 'replacement',
  key: 'replacement',
  noun: 'replacement',
  lane: 'production',
  slaSeconds: days(2),
  outcomes: [
    {
      id: 'shipped',
      label: label('已发货', 'Shipped'),
      fields: [field('shipmentRef', 'text', true, '运单号', 'Shipment reference'), field('expectedDelivery', 'date', true, '预计送达', 'Expected delivery')],
    },
  ],
  next: 'Confirm with the customer',
};
const confirmation: StepSpec = {
  name: 'Confirm with the customer',
  step: 'confirm',
  key: 'confirmation',
  noun: 'confirmation',
  lane: 'service',
  slaSeconds: days(1),
  outcomes: [{ id: 'resolved', label: label('客户确认已解决', 'Customer confirms it is resolved'), fields: [field('confirmation', 'text', true, '客户反馈', 'What the customer said')] }],
  next: 'Close the issue',
};

// ---- delivery-delay ---------------------------------------------------------------------------
const orderCheck: StepSpec = {
  name: 'Verify the order',
  step: 'verify-order',
  key: 'orderCheck',
  noun: 'order check',
  lane: 'sales',
  slaSeconds: hours(8),
  outcomes: [
    {
      id: 'order_verified',
      label: label('订单已核实，转生产重新排期', 'Order verified: on to production to re-plan'),
      fields: [field('orderStatus', 'text', true, '订单状态', 'Order status'), field('promisedDate', 'date', false, '原承诺交期', 'Date promised before')],
    },
  ],
  next: 'Re-plan the delivery',
};
const replan: StepSpec = {
  name: 'Re-plan the delivery',
  step: 'replan',
  key: 'replan',
  noun: 're-plan',
  lane: 'production',
  slaSeconds: days(1),
  outcomes: [
    {
      id: 'replanned',
      label: label('已重新排期', 'Re-planned'),
      fields: [field('newDate', 'date', true, '新交期', 'New delivery date'), field('plan', 'text', true, '计划说明', 'Plan')],
    },
  ],
  next: 'Tell the customer the new date',
};
const dateNotice: StepSpec = {
  name: 'Tell the customer the new date',
  step: 'inform-date',
  key: 'dateNotice',
  noun: 'date notice',
  lane: 'sales',
  slaSeconds: hours(8),
  outcomes: [{ id: 'customer_informed', label: label('已告知客户', 'Customer informed'), fields: [field('message', 'text', true, '告知内容', 'What the customer was told')] }],
  next: 'Was a new delivery date given?',
};
/**
 * Service follows up once the delivery has arrived, not before: the flow waits until 12:00 UTC on the
 * new date production gave (evening in China, midday in Europe). A date already past goes on at once;
 * without a date (none is expected: the re-plan requires one) service follows up at once.
 */
const untilDelivered: Record<string, AslState> = {
  'Was a new delivery date given?': {
    Type: 'Choice',
    Choices: [{ Variable: '$.replan.fields.newDate', IsPresent: true, Next: 'Work out when the delivery arrives' }],
    Default: 'Follow up after the delivery',
  },
  'Work out when the delivery arrives': {
    Type: 'Pass',
    Parameters: { 'at.$': "States.Format('{}T12:00:00Z', $.replan.fields.newDate)" },
    ResultPath: '$.delivery',
    Next: 'Wait until the delivery has arrived',
  },
  'Wait until the delivery has arrived': { Type: 'Wait', TimestampPath: '$.delivery.at', Next: 'Follow up after the delivery' },
};
const followUp: StepSpec = {
  name: 'Follow up after the delivery',
  step: 'follow-up',
  key: 'followUp',
  noun: 'follow-up',
  lane: 'service',
  slaSeconds: days(2),
  outcomes: [{ id: 'delivered', label: label('已交付，客户满意', 'Delivered, customer satisfied'), fields: [field('feedback', 'text', true, '客户反馈', 'What the customer said')] }],
  next: 'Close the issue',
};

// ---- billing-dispute --------------------------------------------------------------------------
/** Credits above this amount need a manager's approval. */
const creditApprovalThreshold = 1000;
const review: StepSpec = {
  name: 'Review the dispute',
  step: 'review',
  key: 'review',
  noun: 'review',
  lane: 'sales',
  slaSeconds: days(1),
  outcomes: [
    {
      id: 'credit',
      label: label('给予退款/抵扣', 'Credit the customer'),
      fields: [field('amount', 'number', true, '金额', 'Amount'), field('explanation', 'text', true, '说明', 'Explanation')],
      // A credit is sales' call: another department holding the review may only decline or hand it on.
      onlyFor: ['sales'],
    },
    { id: 'no_credit', label: label('不予抵扣', 'No credit'), fields: [field('explanation', 'text', true, '说明', 'Explanation')] },
  ],
  choices: [
    {
      rule: { And: [outcomeIs('review', 'credit'), { Variable: '$.review.fields.amount', NumericGreaterThan: creditApprovalThreshold }] },
      next: 'Approve the credit',
    },
  ],
  next: 'Tell the customer the decision',
};
const approval: StepSpec = {
  name: 'Approve the credit',
  step: 'approval',
  key: 'approval',
  noun: 'approval',
  lane: 'management',
  slaSeconds: days(1),
  outcomes: [
    {
      id: 'approved',
      label: label('批准', 'Approve'),
      fields: [field('approvedAmount', 'number', true, '批准金额', 'Approved amount'), field('note', 'text', false, '备注', 'Note')],
    },
    { id: 'rejected', label: label('不批准', 'Reject'), fields: [field('reason', 'text', true, '原因', 'Reason')] },
  ],
  next: 'Tell the customer the decision',
};
const decisionNotice: StepSpec = {
  name: 'Tell the customer the decision',
  step: 'inform-decision',
  key: 'decisionNotice',
  noun: 'decision notice',
  lane: 'service',
  slaSeconds: hours(8),
  outcomes: [{ id: 'customer_informed', label: label('已告知客户', 'Customer informed'), fields: [field('message', 'text', true, '告知内容', 'What the customer was told')] }],
  next: 'Close the issue',
};

// ---- service-request --------------------------------------------------------------------------
const scheduling: StepSpec = {
  name: 'Schedule a visit',
  step: 'schedule',
  key: 'scheduling',
  noun: 'scheduling',
  lane: 'service',
  slaSeconds: hours(8),
  outcomes: [
    {
      id: 'visit_scheduled',
      label: label('已预约', 'Visit scheduled'),
      fields: [field('visitDate', 'date', true, '上门日期', 'Visit date'), field('technician', 'text', false, '技术员', 'Technician')],
    },
  ],
  next: 'Visit the customer on site',
};
const siteVisit: StepSpec = {
  name: 'Visit the customer on site',
  step: 'site-visit',
  key: 'siteVisit',
  noun: 'site visit',
  lane: 'service',
  slaSeconds: days(2),
  outcomes: [
    { id: 'fixed_on_site', label: label('现场已修复', 'Fixed on site'), fields: [field('work', 'text', true, '完成的工作', 'Work done')] },
    { id: 'parts_needed', label: label('需要生产发送零件', 'Parts needed from production'), fields: [field('parts', 'text', true, '所需零件', 'Parts')] },
  ],
  choices: [{ rule: outcomeIs('siteVisit', 'parts_needed'), next: 'Ship the parts' }],
  next: 'Complete the service with the customer',
};
const parts: StepSpec = {
  name: 'Ship the parts',
  step: 'parts',
  key: 'parts',
  noun: 'parts shipment',
  lane: 'production',
  slaSeconds: days(2),
  outcomes: [
    {
      id: 'parts_shipped',
      label: label('零件已发出', 'Parts shipped'),
      fields: [field('shipmentRef', 'text', true, '运单号', 'Shipment reference'), field('expectedDelivery', 'date', true, '预计送达', 'Expected delivery')],
    },
  ],
  next: 'Complete the service with the customer',
};
const completion: StepSpec = {
  name: 'Complete the service with the customer',
  step: 'complete',
  key: 'completion',
  noun: 'completion',
  lane: 'service',
  slaSeconds: days(1),
  outcomes: [
    { id: 'customer_confirmed', label: label('客户确认完工', 'Customer confirms the work'), fields: [field('confirmation', 'text', true, '客户反馈', 'What the customer said')] },
  ],
  next: 'Close the issue',
};

/** A flow's ASL: its entry (a reopen goes straight to the follow-up), its start, each step with its companions, Parallels where departments work at once, other states, and the close. */
function flow({ comment, flowId, sequence, otherStates }: FlowModel) {
  const flowSteps = stepsOf({ comment, flowId, sequence, otherStates });
  const first = flowSteps[0]!;
  const last = flowSteps.at(-1)!;
  const reopened = reopenedStep(last);
  const steps = [...flowSteps, reopened];
  const states: Record<string, AslState> = {
    ...entryStates(steps, reopened, flowVersions[flowId]),
    ...startStates(steps, first, flowVersions[flowId]),
  };
  for (const item of sequence) {
    if (!isParallel(item)) {
      Object.assign(states, stepStates(item));
      continue;
    }
    states[item.parallel] = {
      Type: 'Parallel',
      Branches: item.branches.map((branch) => ({
        StartAt: branch[0]!.name,
        States: Object.assign({}, ...branch.map((spec) => stepStates(spec))),
      })),
      ResultSelector: item.resultSelector,
      ResultPath: item.resultPath,
      Next: item.next,
    };
  }
  Object.assign(states, otherStates);
  // The follow-up a reopen goes to, after the flow's own steps (it closes the issue again).
  Object.assign(states, stepStates(reopened));
  states[closeStateName] = closeState(last);
  return { Comment: `${comment} Baton flow version ${flowVersions[flowId]}.`, StartAt: 'Reopened by the customer?', States: states };
}

export function flowModels(): Record<FlowId, FlowModel> {
  return {
    'product-defect': {
      comment:
        'Product defect: service triages; production finds the root cause while sales offers a remedy; production ships a replacement when the remedy is one; service confirms with the customer.',
      flowId: 'product-defect',
      sequence: [
        triage,
        {
          parallel: 'Investigate and offer a remedy',
          branches: [[rootCause], [remedy]],
          resultSelector: { 'rootCause.$': '$[0].rootCause', 'remedy.$': '$[1].remedy' },
          resultPath: '$.investigation',
          next: 'Replacement needed?',
        },
        replacement,
        confirmation,
      ],
      otherStates: {
        'Replacement needed?': {
          Type: 'Choice',
          Choices: [{ Variable: '$.investigation.remedy.outcome', StringEquals: 'replacement', Next: 'Ship a replacement' }],
          Default: 'Confirm with the customer',
        },
      },
    },
    'delivery-delay': {
      comment:
        'Delivery delay: sales verifies the order; production re-plans the delivery; sales tells the customer the new date; service follows up after the delivery.',
      flowId: 'delivery-delay',
      sequence: [orderCheck, replan, dateNotice, followUp],
      otherStates: untilDelivered,
    },
    'billing-dispute': {
      comment: `Billing dispute: sales reviews the dispute; a manager approves credits above ${creditApprovalThreshold}; service tells the customer the decision.`,
      flowId: 'billing-dispute',
      sequence: [review, approval, decisionNotice],
      otherStates: {},
    },
    'service-request': {
      comment:
        'Service request: service schedules a visit and goes on site; production ships parts when they are needed; service completes the work and the customer confirms.',
      flowId: 'service-request',
      sequence: [scheduling, siteVisit, parts, completion],
      otherStates: {},
    },
  };
}

export function buildFlows(): Record<FlowId, ReturnType<typeof flow>> {
  const models = flowModels();
  return Object.fromEntries(flowIds.map((flowId) => [flowId, flow(models[flowId])])) as Record<FlowId, ReturnType<typeof flow>>;
}

/** Each flow file's text, exactly as committed. */
export function flowFiles(): Array<{ flowId: FlowId; text: string }> {
  const flows = buildFlows();
  return flowIds.map((flowId) => ({ flowId, text: `${JSON.stringify(flows[flowId], null, 2)}\n` }));
}

/** Each flow's picture (workflows/<flowId>.md), exactly as committed. */
export function pictureFiles(): Array<{ flowId: FlowId; text: string }> {
  const models = flowModels();
  return flowIds.map((flowId) => ({ flowId, text: flowPicture(models[flowId]) }));
}

/**
 * What each flow version's ASL was when it was published: a version names one definition, so a
 * changed ASL needs a new version (tests/unit/flow-definitions.test.ts checks it). Display words are
 * not in the ASL (shared/flows/step-names.ts): renaming a step changes no fingerprint.
 */
export const fingerprintsFile = path.join(import.meta.dirname, 'fingerprints.json');
export const fingerprintOf = (text: string) => createHash('sha256').update(text).digest('hex');
export const outcomeSetsFile = path.join(import.meta.dirname, 'outcome-sets.json');

/**
 * Where the manager's process map places each flow's own boxes (shared/domain/map-placement.ts): ELK's result for the
 * flow's current version, computed here once rather than in every manager's browser on every load.
 */
export const mapPlacementsFile = path.join(import.meta.dirname, 'map-placements.json');

export async function mapPlacements(): Promise<Record<string, { version: number; boxes: FlowPlacement }>> {
  const placements: Record<string, { version: number; boxes: FlowPlacement }> = {};
  for (const { flowId, text } of flowFiles()) {
    const version = flowVersions[flowId];
    // Nothing waits on a map read here: the boxes ELK places are the flow's own, the same whatever waits.
    const map = readableMap(buildProcessMap({ flowId, version }, JSON.parse(text) as AslDefinition), { steps: {}, active: [], now: new Date(0).toISOString() });
    placements[flowId] = { version, boxes: await placeFlow(map) };
  }
  return placements;
}

export const recordedFingerprints = (): Record<string, Record<string, string>> => JSON.parse(readFileSync(fingerprintsFile, 'utf8'));

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const fingerprints = recordedFingerprints();
  for (const { flowId, text } of flowFiles()) {
    writeFileSync(path.join(import.meta.dirname, `${flowId}.asl.json`), text);
    console.log(`wrote workflows/${flowId}.asl.json`);
    // A new version's fingerprint is recorded once; a published one is never overwritten.
    const versions = (fingerprints[flowId] ??= {});
    const version = String(flowVersions[flowId]);
    if (!versions[version]) versions[version] = fingerprintOf(text);
    else if (versions[version] !== fingerprintOf(text)) console.warn(`workflows/${flowId}.asl.json changed, but version ${version} was published with another definition: bump flowVersions['${flowId}'] in shared/flows/catalog.ts and run npm run flows again.`);
  }
  writeFileSync(fingerprintsFile, `${JSON.stringify(fingerprints, null, 2)}\n`);
  // Task items name their outcomes by set (shared/flows/outcome-sets.ts): record any set a flow now offers.
  const sets = withOfferedSets(JSON.parse(readFileSync(outcomeSetsFile, 'utf8')), flowFiles().map(({ text }) => JSON.parse(text) as AslDefinition));
  writeFileSync(outcomeSetsFile, `${JSON.stringify(sets, null, 2)}\n`);
  console.log(`wrote workflows/outcome-sets.json (${Object.keys(sets).length} sets)`);
  for (const { flowId, text } of pictureFiles()) {
    writeFileSync(path.join(import.meta.dirname, `${flowId}.md`), text);
    console.log(`wrote workflows/${flowId}.md`);
  }
  writeFileSync(mapPlacementsFile, `${JSON.stringify(await mapPlacements(), null, 2)}\n`);
  console.log('wrote workflows/map-placements.json');
}
