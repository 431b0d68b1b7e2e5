// Draws a flow for a reviewer: workflows/<flowId>.md, a Mermaid flowchart (GitHub renders it in a
// pull request) written by `npm run flows` from the same model as the ASL file (flow-model.ts).
// The ASL has about a hundred states; the picture folds what every department step comes with
// (reroute, asking the customer, SLA breach, failure: asl-builder.ts) into a second, smaller
// drawing, and keeps in the first one the lanes, the human steps, the outcomes on the edges, the
// flow's own choices and waits, and the manager's steps.
import { flowVersions } from '#shared/flows/catalog.ts';
import { stepNameOf } from '#shared/flows/step-names.ts';
import { names, reopenedStep, stepStates, type AslState, type ChoiceRule, type StepSpec } from './asl-builder.ts';
import { closeStateName, isParallel, stepsOf, type FlowModel } from './flow-model.ts';

const laneTitles: Record<StepSpec['lane'], string> = {
  sales: 'Sales 销售',
  production: 'Production 生产',
  service: 'Service 服务',
  management: 'Management 经理',
};

/** Seconds as a reader says them: "8 h", "2 d". */
export function spoken(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  return `${Math.round(seconds / 60)} min`;
}

/** Mermaid wants its labels quoted, with no quote inside. */
const quoted = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;

/** A Choice rule in words: an outcome id, or a field compared ("amount > 1000"). */
export function ruleText(rule: ChoiceRule): string {
  if (Array.isArray(rule.And)) return (rule.And as ChoiceRule[]).map(ruleText).join(' and ');
  if (Array.isArray(rule.Or)) return (rule.Or as ChoiceRule[]).map(ruleText).join(' or ');
  const variable = String(rule.Variable ?? '');
  const subject = variable.replace(/^\$\./, '').replace(/^.*\.fields\./, '');
  if ('StringEquals' in rule) return variable.endsWith('.outcome') ? String(rule.StringEquals) : `${subject} = ${String(rule.StringEquals)}`;
  if ('NumericGreaterThan' in rule) return `${subject} > ${String(rule.NumericGreaterThan)}`;
  if ('NumericGreaterThanEquals' in rule) return `${subject} ≥ ${String(rule.NumericGreaterThanEquals)}`;
  if ('IsPresent' in rule) return rule.IsPresent ? `${subject} given` : `no ${subject}`;
  return JSON.stringify(rule);
}

/** The outcome a rule stands for when it is exactly "the step's outcome is X". */
const soleOutcome = (rule: ChoiceRule) => (typeof rule.StringEquals === 'string' && String(rule.Variable).endsWith('.outcome') ? rule.StringEquals : undefined);

class Drawing {
  private readonly ids = new Map<string, string>();
  readonly lines: string[] = [];

  id(stateName: string): string {
    let id = this.ids.get(stateName);
    if (!id) {
      id = `s${this.ids.size + 1}`;
      this.ids.set(stateName, id);
    }
    return id;
  }

  edge(from: string, to: string, label?: string, dotted = false) {
    const arrow = dotted ? '-.->' : '-->';
    this.lines.push(`  ${this.id(from)} ${arrow}${label ? `|${quoted(label)}|` : ''} ${this.id(to)}`);
  }
}

function stepLabel(spec: StepSpec): string {
  const extras = spec.lane === 'management' ? [] : ['↺ reroute · ? ask the customer'];
  // The display names (shared/flows/step-names.ts), as staff read them.
  const name = stepNameOf(spec.step) ?? { zh: spec.name, en: spec.name };
  return [`👤 ${name.en}`, name.zh, `SLA ${spec.slaSeconds ? spoken(spec.slaSeconds) : '—'}`, ...extras].join('<br/>');
}

/** The edges out of a human step: its own choices, then the default way on labelled with the outcomes that take it. */
function stepEdges(drawing: Drawing, spec: StepSpec, forward: string) {
  const choices = spec.choices ?? [];
  for (const choice of choices) drawing.edge(spec.name, choice.next, ruleText(choice.rule));
  const taken = new Set(choices.map((choice) => soleOutcome(choice.rule)).filter(Boolean));
  const rest = spec.outcomes.map((outcome) => outcome.id).filter((id) => !taken.has(id));
  const compound = choices.some((choice) => !soleOutcome(choice.rule));
  drawing.edge(spec.name, forward, `${compound ? 'otherwise: ' : ''}${rest.join(' · ')}`);
}

function otherStateNode(name: string, state: AslState): string {
  if (state.Type === 'Choice') return `{${quoted(name)}}`;
  if (state.Type === 'Wait') return `([${quoted(`⏳ ${name}`)}])`;
  return `[${quoted(name)}]`;
}

function otherStateEdges(drawing: Drawing, name: string, state: AslState) {
  for (const choice of (state.Choices ?? []) as Array<ChoiceRule & { Next: string }>) drawing.edge(name, choice.Next, ruleText(choice));
  if (typeof state.Default === 'string') drawing.edge(name, state.Default, 'otherwise');
  if (typeof state.Next === 'string') drawing.edge(name, state.Next);
}

/** The flow: lanes of human steps, the outcomes on the edges, Parallels, the flow's own choices and waits. */
export function flowChart(model: FlowModel): string {
  const drawing = new Drawing();
  // A customer's "not solved" starts a new execution straight at the follow-up step (asl-builder.ts: entryStates).
  const reopened = reopenedStep(stepsOf(model).at(-1)!);
  const steps = [...stepsOf(model), reopened];
  const start = 'Submitted by the customer';
  const reopenStart = 'Reopened by the customer (not solved, within 14 days)';
  const end = 'Closed';
  const nodes: string[] = [`  ${drawing.id(start)}((${quoted(start)}))`, `  ${drawing.id(reopenStart)}((${quoted(reopenStart)}))`];
  for (const lane of Object.keys(laneTitles) as Array<StepSpec['lane']>) {
    const inLane = steps.filter((spec) => spec.lane === lane);
    if (inLane.length === 0) continue;
    nodes.push(`  subgraph lane_${lane}[${quoted(laneTitles[lane])}]`);
    for (const spec of inLane) nodes.push(`    ${drawing.id(spec.name)}[${quoted(stepLabel(spec))}]`);
    nodes.push('  end');
  }
  drawing.edge(start, steps[0]!.name);
  drawing.edge(reopenStart, reopened.name, 'in the department that closed it');
  stepEdges(drawing, reopened, closeStateName);
  for (const item of model.sequence) {
    if (!isParallel(item)) {
      stepEdges(drawing, item, typeof item.next === 'string' ? item.next : item.next.end);
      continue;
    }
    const joined = `${item.parallel}: every branch done`;
    nodes.push(`  ${drawing.id(item.parallel)}{{${quoted(`${item.parallel}<br/>in parallel`)}}}`);
    nodes.push(`  ${drawing.id(joined)}{{${quoted('every branch done')}}}`);
    for (const branch of item.branches) {
      drawing.edge(item.parallel, branch[0]!.name);
      for (const spec of branch) stepEdges(drawing, spec, typeof spec.next === 'string' ? spec.next : joined);
    }
    drawing.edge(joined, item.next);
  }
  for (const [name, state] of Object.entries(model.otherStates)) {
    nodes.push(`  ${drawing.id(name)}${otherStateNode(name, state)}`);
    otherStateEdges(drawing, name, state);
  }
  nodes.push(`  ${drawing.id(closeStateName)}[${quoted(closeStateName)}]`, `  ${drawing.id(end)}((${quoted(end)}))`);
  drawing.edge(closeStateName, end);
  return ['flowchart TD', ...nodes, ...drawing.lines].join('\n');
}

/** What every department step comes with, drawn from the states asl-builder.ts writes for one step (folded: retries and the catch-all to the failure step). */
export function companionsChart(spec: StepSpec): string {
  const drawing = new Drawing();
  const states = stepStates(spec);
  const { failure } = names(spec);
  const forward = typeof spec.next === 'string' ? spec.next : spec.next.end;
  const nodes: string[] = [];
  const plain = (text: string) => text.replace(`asks.${spec.key}.count`, 'questions').replace('reroute.reroutes', 'reroutes');
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Succeed') continue;
    const payload = (state.Parameters as { Payload?: { department?: string } } | undefined)?.Payload;
    const human = state.Type === 'Task' && payload?.department !== undefined;
    const waitsForCustomer = state.Type === 'Task' && String((state.Parameters as { FunctionName?: string }).FunctionName).includes('WaitForCustomer');
    const label = human ? `👤 ${name}<br/>${payload.department}` : waitsForCustomer ? `⏳ ${name}<br/>up to ${spoken(Number(state.TimeoutSeconds))}` : name;
    const shape = state.Type === 'Choice' ? `{${quoted(label)}}` : state.Type === 'Fail' ? `([${quoted(`✖ ${label}`)}])` : `[${quoted(label)}]`;
    nodes.push(`  ${drawing.id(name)}${shape}`);
    for (const choice of (state.Choices ?? []) as Array<ChoiceRule & { Next: string }>) drawing.edge(name, choice.Next, plain(ruleText(choice)));
    if (typeof state.Default === 'string') drawing.edge(name, state.Default, 'otherwise');
    for (const caught of (state.Catch ?? []) as Array<{ ErrorEquals: string[]; Next: string }>) {
      const timeout = caught.ErrorEquals.includes('States.Timeout');
      // Every Task state falls to the failure step on any error: drawn once, from the step itself.
      if (timeout || name === spec.name || caught.Next !== failure) drawing.edge(name, caught.Next, timeout ? (waitsForCustomer ? 'no reply' : 'SLA ran out') : 'any failure', true);
    }
    if (typeof state.Next === 'string') drawing.edge(name, state.Next, waitsForCustomer ? 'the customer replies' : undefined);
  }
  // Where the step goes on belongs to the flow: shown as a way out, not drawn.
  const elsewhere = new Set([forward, ...(spec.choices ?? []).map((choice) => choice.next)]);
  for (const name of elsewhere) nodes.push(`  ${drawing.id(name)}[${quoted(`${name} …`)}]`);
  return ['flowchart TD', ...nodes, ...drawing.lines].join('\n');
}

/** workflows/<flowId>.md: the flow, then what each of its department steps comes with. */
export function flowPicture(model: FlowModel): string {
  const steps = stepsOf(model);
  const example = steps.find((spec) => spec.lane !== 'management') ?? steps[0]!;
  return [
    `# ${model.flowId} (Baton flow version ${flowVersions[model.flowId]})`,
    '',
    `<!-- Generated by \`npm run flows\` (workflows/flow-picture.ts) from workflows/build-flows.ts, like ${model.flowId}.asl.json: do not edit by hand. -->`,
    '',
    model.comment,
    '',
    'Each box is a human step in its department’s lane (👤, its SLA); the edges carry the outcomes a person picks. ' +
      'Every department step can also be rerouted (↺) or ask the customer (?): those loops, the SLA breach and the failure path are folded into the second drawing.',
    '',
    '```mermaid',
    flowChart(model),
    '```',
    '',
    `## Around every department step (drawn for “${example.name}”)`,
    '',
    'A reroute sends the same step to the department named; the second one goes to a manager. A question waits for the customer ' +
      '(a reminder after a day, on without a reply after another). A late step is recorded and escalated to a manager; any failure goes to a manager too. ' +
      'Dotted edges are the ways out that nobody chooses: a timeout or an error.',
    '',
    '```mermaid',
    companionsChart(example),
    '```',
    '',
  ].join('\n');
}
