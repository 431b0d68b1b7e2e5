// The flow as a manager reads it (流程全景图): the ~100 states of a flow's ASL folded into its
// department steps in order, the fork into parallel work, the end, and beside each step the manager
// decisions it can lead to (reroute owners, late escalations, failures). Each box carries what is
// true now: unclaimed and claimed tasks, those of them overdue now, the issues the step ran late on
// that wait for a manager (counted where they wait: in its decisions box), the age of the oldest
// unclaimed task and a wait level the map shades by; a step rerouted elsewhere is a box in the holding department's
// lane. The worst wait is named in words (the callout). Pure: the data layer supplies the figures.
import type { FlowGraph, GraphEdge, GraphNode } from '#shared/domain/process-map.ts';
import type { Outcome } from '#shared/domain/task.ts';
import type { ReadableMap } from '#shared/api/schemas.ts';

type Node = ReadableMap['nodes'][number];
type Edge = ReadableMap['edges'][number];
type Counts = NonNullable<Node['counts']>;

/** An active task as read from the head of a department queue. */
export interface ActiveTask {
  step: string;
  department: string;
  status: 'open' | 'claimed';
  createdAt: string;
  dueAt: string;
}

export interface LiveFigures {
  /** Per step id: tasks open and claimed now, and SLA breaches so far (the step figures). */
  steps: Record<string, { open: number; claimed: number; breached: number }>;
  /** The active tasks of this flow at the heads of the queues (the most urgent first). */
  active: ActiveTask[];
  now: string;
}

/** Outcomes that keep the issue at the step (another department, a question): never a way forward. */
const staying = new Set(['reroute', 'ask_customer']);
const isManagerStep = (node: GraphNode) => node.human?.department === 'management';
const seconds = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

function graphIndex(graph: FlowGraph) {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const outgoing = new Map<string, GraphEdge[]>();
  for (const edge of graph.edges) outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge]);
  /** Where control goes from a state; the end of a parallel branch goes on after its Parallel. */
  const successors = (id: string): GraphEdge[] => {
    const node = byId.get(id);
    const own = outgoing.get(id) ?? [];
    if (node?.end && node.parent && node.type !== 'Fail') return [...own, ...successors(node.parent).filter((edge) => edge.kind === 'next')];
    return own;
  };
  return { byId, outgoing, successors };
}

/**
 * Manager steps that are decisions about a department step: reached from it (its reroutes, its
 * missed SLA, its failures) and leading back to it. Each knows its step and why it opens.
 */
function decisionsOf(graph: FlowGraph, index: ReturnType<typeof graphIndex>) {
  const { byId, successors } = index;
  /** Human steps reachable from `start` through machine states only. */
  const humanReach = (start: string, withCatches: boolean): Set<string> => {
    const found = new Set<string>();
    const seen = new Set<string>();
    const walk = (id: string) => {
      if (seen.has(id)) return;
      seen.add(id);
      const node = byId.get(id);
      if (!node || node.type === 'Fail') return;
      if (node.human && id !== start) return void found.add(id);
      for (const edge of successors(id)) if (withCatches || edge.kind !== 'catch') walk(edge.to);
    };
    walk(start);
    return found;
  };
  const decisions = new Map<string, { owner: string; late: boolean }>();
  const steps = graph.nodes.filter((node) => node.human);
  for (const owner of steps) {
    const reached = humanReach(owner.id, true);
    const lateStarts = (index.outgoing.get(owner.id) ?? []).filter((edge) => edge.kind === 'catch' && edge.errors?.includes('States.Timeout'));
    const lateReach = new Set(lateStarts.flatMap((edge) => [...humanReach(edge.to, false), ...(byId.get(edge.to)?.human ? [edge.to] : [])]));
    for (const id of reached) {
      const candidate = byId.get(id)!;
      if (!isManagerStep(candidate) || decisions.has(id) || candidate.id === owner.id) continue;
      if (humanReach(id, false).has(owner.id)) decisions.set(id, { owner: owner.id, late: lateReach.has(id) });
    }
  }
  // A late escalation opened again ("… again") reaches only its first escalation: it is late too.
  for (const [id, decision] of decisions) {
    if (decision.late) continue;
    const first = [...humanReach(id, false)].find((other) => decisions.get(other)?.late && decisions.get(other)?.owner === decision.owner);
    if (first && byId.get(id)?.human?.step === byId.get(first)?.human?.step) decision.late = true;
  }
  return decisions;
}

/** Links between the boxes shown, each labelled with the outcomes of its step that take it. */
function flowLinks(graph: FlowGraph, index: ReturnType<typeof graphIndex>, shownIds: Set<string>) {
  const { byId, successors } = index;
  const links = new Map<string, { from: string; to: string; outcomes: Set<string> | undefined }>();
  for (const id of shownIds) {
    const node = byId.get(id)!;
    const own = node.human ? node.human.outcomes.map((outcome) => outcome.id).filter((outcome) => !staying.has(outcome)) : undefined;
    const reach = (edge: GraphEdge, allowed: Set<string> | undefined, seen: Set<string>) => {
      let next = allowed;
      if (own && edge.kind === 'choice' && edge.outcomes?.every((outcome) => node.human!.outcomes.some((candidate) => candidate.id === outcome))) {
        next = new Set(edge.outcomes.filter((outcome) => !allowed || allowed.has(outcome)));
      } else if (own && edge.kind === 'default') {
        // Outcomes a rule takes whatever else holds never reach the Default.
        const siblings = (index.outgoing.get(edge.from) ?? []).filter((other) => other.kind === 'choice' && other.outcomes?.length === 1 && !other.conditional);
        const tested = new Set(siblings.flatMap((other) => other.outcomes!));
        if (tested.size > 0) next = new Set([...(allowed ?? own)].filter((outcome) => !tested.has(outcome)));
      }
      if (next && next.size === 0) return;
      if (shownIds.has(edge.to)) {
        if (edge.to === id) return;
        const key = `${id}→${edge.to}`;
        const known = links.get(key);
        const merged = known ? (known.outcomes && next ? new Set([...known.outcomes, ...next]) : undefined) : next;
        links.set(key, { from: id, to: edge.to, outcomes: merged });
        return;
      }
      const target = byId.get(edge.to);
      if (!target || seen.has(edge.to) || target.human || target.type === 'Fail') return;
      seen.add(edge.to);
      for (const onward of successors(edge.to)) if (onward.kind !== 'catch') reach(onward, next, seen);
    };
    const edges = successors(id).filter((edge) => edge.kind !== 'catch');
    const forks = edges.some((edge) => edge.kind === 'branch');
    for (const edge of edges) if (!(forks && edge.kind === 'next' && edge.from === id)) reach(edge, undefined, new Set());
  }
  return [...links.values()].map((link) => {
    const node = byId.get(link.from)!;
    const own = node.human?.outcomes.filter((outcome) => !staying.has(outcome.id)) ?? [];
    const taken = link.outcomes ? own.filter((outcome) => link.outcomes!.has(outcome.id)) : node.human ? own : [];
    return { from: link.from, to: link.to, outcomes: taken };
  });
}

/** Keeps only the forward links: a walk from the start drops the ways back. */
function forwardOnly<T extends { from: string; to: string }>(links: T[], roots: string[]): T[] {
  const state = new Map<string, 'open' | 'done'>();
  const kept: T[] = [];
  const visit = (id: string) => {
    state.set(id, 'open');
    for (const link of links) {
      if (link.from !== id || state.get(link.to) === 'open') continue;
      kept.push(link);
      if (!state.has(link.to)) visit(link.to);
    }
    state.set(id, 'done');
  };
  for (const root of roots) if (!state.has(root)) visit(root);
  return kept;
}

function waitLevel(counts: Counts, slaSeconds: number): Node['wait'] {
  if (counts.overdueNow > 0 || counts.lateWithManager > 0) return 'overdue';
  if (counts.open === 0) return 'none';
  const age = counts.oldestWaitSeconds ?? 0;
  if (counts.open >= 3 || (slaSeconds > 0 && age >= slaSeconds / 2)) return 'long';
  return 'some';
}

/** The live counts of one box from the tasks it stands for. */
function countsOf(tasks: ActiveTask[], now: string, base?: { open: number; claimed: number }): Counts {
  const open = tasks.filter((task) => task.status === 'open');
  const oldest = open.map((task) => task.createdAt).sort()[0];
  return {
    open: base?.open ?? open.length,
    claimed: base?.claimed ?? tasks.filter((task) => task.status === 'claimed').length,
    overdueNow: tasks.filter((task) => task.dueAt < now).length,
    lateWithManager: 0,
    breachedPast: 0,
    ...(oldest ? { oldestWaitSeconds: seconds(oldest, now) } : {}),
  };
}

const outcomeLabels = (outcomes: Outcome[]) => outcomes.map((outcome) => ({ id: outcome.id, label: outcome.label }));

export function readableMap(graph: FlowGraph, live: LiveFigures): Omit<ReadableMap, 'kpis' | 'bounces'> {
  const index = graphIndex(graph);
  const { byId } = index;
  const decisions = decisionsOf(graph, index);
  const shown = graph.nodes.filter(
    (node) => (node.human && !decisions.has(node.id)) || node.type === 'Parallel' || (!node.parent && node.end && node.type !== 'Fail'),
  );
  const shownIds = new Set(shown.map((node) => node.id));
  const links = flowLinks(graph, index, shownIds);
  const start = graph.nodes.find((node) => node.start && !node.parent);
  // The walk starts at the first shown states reached from the start through machine states only:
  // usually one; a flow that a customer's "not solved" enters at its follow-up step has two.
  const roots: string[] = [];
  if (start) {
    const queue = [start.id];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      if (shownIds.has(id)) roots.push(id);
      else for (const edge of index.successors(id)) if (edge.kind !== 'catch') queue.push(edge.to);
    }
  }
  const forward = forwardOnly(links, roots);
  const reached = new Set([...roots, ...forward.flatMap((link) => [link.from, link.to])]);

  const activeOf = (step: string) => live.active.filter((task) => task.step === step);
  const nodes: Node[] = [];
  const edges: Edge[] = forward.map((link) => ({ from: link.from, to: link.to, kind: 'flow', outcomes: outcomeLabels(link.outcomes) }));

  // Lanes: each step's department; the fork and the end sit in the lane of the step before them.
  const laneOf = new Map<string, string>();
  for (const node of shown) if (node.human) laneOf.set(node.id, node.human.department);
  for (let pass = 0; pass < shown.length; pass++) {
    for (const node of shown) {
      if (laneOf.has(node.id)) continue;
      const before = forward.find((link) => link.to === node.id && laneOf.has(link.from));
      if (before) laneOf.set(node.id, laneOf.get(before.from)!);
    }
  }

  for (const node of shown.filter((candidate) => reached.has(candidate.id) || candidate.human)) {
    if (!node.human) {
      nodes.push({ id: node.id, kind: node.type === 'Parallel' ? 'parallel' : 'end', department: laneOf.get(node.id) ?? 'service', steps: [] });
      continue;
    }
    const { department, step, stepName, slaSeconds, outcomes } = node.human;
    const figures = live.steps[step] ?? { open: 0, claimed: 0, breached: 0 };
    const tasks = activeOf(step);
    const elsewhere = new Map<string, ActiveTask[]>();
    for (const task of tasks) if (task.department !== department) elsewhere.set(task.department, [...(elsewhere.get(task.department) ?? []), task]);
    const movedAway = [...elsewhere.values()].flat();
    const lateDecisions = [...decisions].filter(([, decision]) => decision.owner === node.id && decision.late).map(([id]) => byId.get(id)!.human!.step);
    const lateNow = lateDecisions.reduce((sum, late) => sum + (live.steps[late]?.open ?? 0) + (live.steps[late]?.claimed ?? 0), 0);
    const home = countsOf(
      tasks.filter((task) => task.department === department),
      live.now,
      {
        open: Math.max(0, figures.open - movedAway.filter((task) => task.status === 'open').length),
        claimed: Math.max(0, figures.claimed - movedAway.filter((task) => task.status === 'claimed').length),
      },
    );
    // Issues this step ran late on wait in its decisions box now (open or claimed there): named on
    // the step, not added to its overdue tasks, so a step never shows more overdue than it holds.
    home.lateWithManager = lateNow;
    home.breachedPast = figures.breached;
    nodes.push({ id: node.id, kind: 'step', department, step, name: stepName, steps: [step], slaSeconds, outcomes: outcomeLabels(outcomes), counts: home, wait: waitLevel(home, slaSeconds) });
    for (const [holder, moved] of elsewhere) {
      const counts = countsOf(moved, live.now);
      const id = `${node.id}@${holder}`;
      nodes.push({ id, kind: 'step', department: holder, homeDepartment: department, step, name: stepName, steps: [step], slaSeconds, outcomes: outcomeLabels(outcomes), counts, wait: waitLevel(counts, slaSeconds) });
      edges.push({ from: node.id, to: id, kind: 'rerouted', outcomes: [] });
    }
  }

  // Each department step's manager decisions, folded into one box beside it.
  const owners = [...new Set([...decisions.values()].map((decision) => decision.owner))];
  for (const owner of owners) {
    const ownerNode = byId.get(owner)!;
    if (!nodes.some((node) => node.id === owner)) continue;
    const steps = [...new Set([...decisions].filter(([, decision]) => decision.owner === owner).map(([id]) => byId.get(id)!.human!.step))];
    const tasks = steps.flatMap(activeOf);
    const counts = countsOf(tasks, live.now, {
      open: steps.reduce((sum, step) => sum + (live.steps[step]?.open ?? 0), 0),
      claimed: steps.reduce((sum, step) => sum + (live.steps[step]?.claimed ?? 0), 0),
    });
    counts.breachedPast = steps.reduce((sum, step) => sum + (live.steps[step]?.breached ?? 0), 0);
    const sla = Math.max(0, ...steps.map((step) => graph.nodes.find((node) => node.human?.step === step)?.human?.slaSeconds ?? 0));
    nodes.push({ id: `decisions:${owner}`, kind: 'decisions', department: 'management', step: ownerNode.human!.step, name: ownerNode.human!.stepName, steps, slaSeconds: sla, counts, wait: waitLevel(counts, sla) });
    edges.push({ from: owner, to: `decisions:${owner}`, kind: 'decision', outcomes: [] });
  }

  const order: string[] = [];
  for (const node of nodes) if (node.department !== 'management' && !order.includes(node.department)) order.push(node.department);
  if (nodes.some((node) => node.department === 'management')) order.push('management');
  return { flowId: graph.flowId, version: graph.version, lanes: order.map((department) => ({ department })), nodes, edges, callout: worstWait(nodes) };
}

/** The box where issues wait worst now: overdue first, then the oldest unclaimed task against its SLA, then the backlog. */
export function worstWait(nodes: Node[]): ReadableMap['callout'] {
  const candidates = nodes.filter((node) => node.counts && (node.counts.open > 0 || node.counts.overdueNow > 0));
  const score = (node: Node) => {
    const counts = node.counts!;
    const age = (counts.oldestWaitSeconds ?? 0) / Math.max(1, node.slaSeconds ?? 1);
    return [counts.overdueNow, age, counts.open] as const;
  };
  const worst = candidates.sort((a, b) => {
    const [x, y] = [score(a), score(b)];
    return y[0] - x[0] || y[1] - x[1] || y[2] - x[2];
  })[0];
  if (!worst) return null;
  const counts = worst.counts!;
  return {
    node: worst.id,
    kind: worst.kind === 'decisions' ? 'decisions' : 'step',
    name: worst.name!,
    department: worst.department,
    reason: counts.overdueNow > 0 ? 'overdue' : 'waiting',
    open: counts.open,
    overdueNow: counts.overdueNow,
    ...(counts.oldestWaitSeconds !== undefined ? { oldestWaitSeconds: counts.oldestWaitSeconds } : {}),
  };
}
