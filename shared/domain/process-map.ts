// A flow's graph, read from its ASL definition: a node for every state (Parallel branches included)
// and an edge for every way control can move. Each human step keeps what its Payload declares
// (department, names, outcomes, SLA); each edge out of a Choice keeps which outcomes of the step
// being decided it stands for. `readableMap` (readable-map.ts) folds this into the manager's map.
import { isHumanStep, humanStepDeclaration, type AslDefinition, type AslState } from '#shared/flows/asl.ts';
import type { Outcome } from '#shared/domain/task.ts';

export interface GraphNode {
  id: string;
  type: string;
  /** The Parallel (or Map) state whose branch holds this state. */
  parent?: string;
  start: boolean;
  end: boolean;
  human?: { department: string; step: string; stepName: { zh: string; en: string }; slaSeconds: number; outcomes: Outcome[] };
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: 'next' | 'choice' | 'default' | 'catch' | 'branch';
  /** A Choice rule: the outcomes it tests for (`$.<key>.outcome` equals …), if it tests any. */
  outcomes?: string[];
  /** A Choice rule that tests more than the outcome (a field too): its outcome may also take the Default. */
  conditional?: boolean;
  /** A Catch: the errors it handles. */
  errors?: string[];
}

export interface FlowGraph {
  flowId: string;
  version: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The outcome ids a Choice rule requires (`StringEquals` on a `.outcome` variable, at any depth of `And`). */
function outcomesTested(rule: Record<string, unknown>): string[] {
  if (typeof rule.Variable === 'string' && rule.Variable.endsWith('.outcome') && typeof rule.StringEquals === 'string') return [rule.StringEquals];
  if (Array.isArray(rule.And)) return (rule.And as Array<Record<string, unknown>>).flatMap(outcomesTested);
  return [];
}

function edgesOf(name: string, state: AslState): GraphEdge[] {
  const edges: GraphEdge[] = [];
  if (state.Next) edges.push({ from: name, to: state.Next, kind: 'next' });
  for (const choice of state.Choices ?? []) {
    const outcomes = outcomesTested(choice);
    const conditional = Array.isArray(choice.And) && (choice.And as unknown[]).length > outcomes.length;
    edges.push({ from: name, to: choice.Next, kind: 'choice', ...(outcomes.length > 0 ? { outcomes } : {}), ...(conditional ? { conditional } : {}) });
  }
  if (state.Default) edges.push({ from: name, to: state.Default, kind: 'default' });
  for (const handler of state.Catch ?? []) edges.push({ from: name, to: handler.Next, kind: 'catch', errors: handler.ErrorEquals });
  for (const inner of [...(state.Branches ?? []), state.ItemProcessor, state.Iterator]) {
    if (inner) edges.push({ from: name, to: inner.StartAt, kind: 'branch' });
  }
  return edges;
}

export function buildProcessMap(flow: { flowId: string; version: number }, definition: AslDefinition, timeFactor = 1): FlowGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const visit = (scope: AslDefinition, parent?: string) => {
    for (const [name, state] of Object.entries(scope.States)) {
      const node: GraphNode = {
        id: name,
        type: state.Type,
        ...(parent ? { parent } : {}),
        start: scope.StartAt === name,
        end: state.End === true || state.Type === 'Succeed' || state.Type === 'Fail',
      };
      if (isHumanStep(state)) node.human = { ...humanStepDeclaration(state), slaSeconds: (state.TimeoutSeconds ?? 0) * timeFactor };
      nodes.push(node);
      edges.push(...edgesOf(name, state));
      for (const inner of [...(state.Branches ?? []), state.ItemProcessor, state.Iterator]) if (inner) visit(inner, name);
    }
  };
  visit(definition);
  return { ...flow, nodes, edges };
}
