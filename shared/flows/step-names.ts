// Every step's display name in both languages, defined once and read wherever a step is shown (tasks,
// the issue view, the map, the figures): never written into the ASL, so renaming a step's display
// words changes no flow definition and needs no new flow version. The ASL keeps step ids and state
// names, which are the flow's structure (workflows/build-flows.ts). Names say what is done, never
// which department does it: a rerouted step keeps its name in the department holding it.
import type { z } from 'zod';
import type { localizedText } from '#shared/domain/task.ts';

export type StepName = z.infer<typeof localizedText>;

/** Per step id (ids are unique across the flows; `reopened` means the same in each). `noun` names the companions' steps in English. */
export const stepNames: Record<string, StepName & { noun: string }> = {
  triage: { zh: '分诊', en: 'Triage the issue', noun: 'triage' },
  'root-cause': { zh: '根因分析', en: 'Find the root cause', noun: 'root cause' },
  remedy: { zh: '提出补救方案', en: 'Offer a remedy', noun: 'remedy' },
  replacement: { zh: '发送替换品', en: 'Ship a replacement', noun: 'replacement' },
  confirm: { zh: '与客户确认', en: 'Confirm with the customer', noun: 'confirmation' },
  'verify-order': { zh: '核实订单', en: 'Verify the order', noun: 'order check' },
  replan: { zh: '重新排期', en: 'Re-plan the delivery', noun: 're-plan' },
  'inform-date': { zh: '告知客户新交期', en: 'Tell the customer the new date', noun: 'date notice' },
  'follow-up': { zh: '交付后回访', en: 'Follow up after the delivery', noun: 'follow-up' },
  review: { zh: '审核争议', en: 'Review the dispute', noun: 'review' },
  approval: { zh: '审批抵扣', en: 'Approve the credit', noun: 'approval' },
  'inform-decision': { zh: '告知客户结果', en: 'Tell the customer the decision', noun: 'decision notice' },
  schedule: { zh: '预约上门', en: 'Schedule a visit', noun: 'scheduling' },
  'site-visit': { zh: '上门处理', en: 'Visit the customer on site', noun: 'site visit' },
  parts: { zh: '发送零件', en: 'Ship the parts', noun: 'parts shipment' },
  // "Service" would read as the department: the work is what is completed.
  complete: { zh: '完工并由客户确认', en: 'Complete the work with the customer', noun: 'completion' },
  reopened: { zh: '跟进客户重新打开的问题', en: 'Follow up on the reopened issue', noun: 'reopened issue' },
};

/** The manager steps every step comes with (workflows/asl-builder.ts), by the suffix of their step id. */
const companions: Record<string, (base: StepName & { noun: string }) => StepName> = {
  owner: (base) => ({ zh: `决定${base.zh}由哪个部门负责`, en: `Decide who owns the ${base.noun}` }),
  escalation: (base) => ({ zh: `升级：${base.zh}超时`, en: `Escalate the late ${base.noun}` }),
  failure: (base) => ({ zh: `故障处理：${base.zh}`, en: `Resolve the failure at the ${base.noun}` }),
};

/** A step's display name, or undefined for a step id no flow has (an execution on a retired definition). */
export function stepNameOf(step: string): StepName | undefined {
  const own = stepNames[step];
  if (own) return { zh: own.zh, en: own.en };
  const match = /^(.+)-(owner|escalation|failure)$/.exec(step);
  const base = match ? stepNames[match[1]!] : undefined;
  return base ? companions[match![2]!]!(base) : undefined;
}
