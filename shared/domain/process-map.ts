// The manager's process map of a flow, drawn from its ASL definition: a node for every state
// (Parallel branches included), an edge for every way control can move, a lane per department of
// its human steps, and on each human step its live figures.
import { isHumanStep, humanStepDeclaration, type AslDefinition, type AslState } from '#shared/flows/asl.ts';
import type { StepFigures } from '#shared/data/step-stats.ts';
import type { ProcessDrawing } from '#shared/api/schemas.ts';

type MapNode = ProcessDrawing['nodes'][number];
type MapEdge = ProcessDrawing['edges'][number];

const noFigures = { open: 0, claimed: 0, breached: 0 };

function edgesOf(name: string, state: AslState): MapEdge[] {
  const edges: MapEdge[] = [];
  if (state.Next) edges.push({ from: name, to: state.Next, kind: 'next' });
  for (const choice of state.Choices ?? []) edges.push({ from: name, to: choice.Next, kind: 'choice' });
  if (state.Default) edges.push({ from: name, to: state.Default, kind: 'default' });
  for (const handler of state.Catch ?? []) edges.push({ from: name, to: handler.Next, kind: 'catch' });
  for (const inner of [...(state.Branches ?? []), state.ItemProcessor, state.Iterator]) {
    if (inner) edges.push({ from: name, to: inner.StartAt, kind: 'branch' });
  }
  return edges;
}

export function buildProcessMap(
  flow: { flowId: string; version: number },
  definition: AslDefinition,
  figures: Record<string, StepFigures>,
  timeFactor = 1,
): ProcessDrawing {
  const nodes: MapNode[] = [];
  const edges: MapEdge[] = [];
  const visit = (scope: AslDefinition, parent?: { name: string; branch: number }) => {
    for (const [name, state] of Object.entries(scope.States)) {
      const node: MapNode = {
        id: name,
        type: state.Type,
        ...(parent ? { parent: parent.name, branch: parent.branch } : {}),
        start: scope.StartAt === name,
        end: state.End === true || state.Type === 'Succeed' || state.Type === 'Fail',
      };
      if (isHumanStep(state)) {
        const { department, step, stepName } = humanStepDeclaration(state);
        const live = figures[step];
        node.human = {
          department,
          step,
          stepName,
          slaSeconds: (state.TimeoutSeconds ?? 0) * timeFactor,
          counts: live ? { open: live.open, claimed: live.claimed, breached: live.breached } : { ...noFigures },
        };
      }
      nodes.push(node);
      edges.push(...edgesOf(name, state));
      (state.Branches ?? []).forEach((branch, index) => visit(branch, { name, branch: index }));
      for (const inner of [state.ItemProcessor, state.Iterator]) if (inner) visit(inner, { name, branch: 0 });
    }
  };
  visit(definition);
  const lanes = new Map<string, string[]>();
  for (const node of nodes) {
    if (!node.human) continue;
    lanes.set(node.human.department, [...(lanes.get(node.human.department) ?? []), node.id]);
  }
  return { ...flow, nodes, edges, lanes: [...lanes].map(([department, laneNodes]) => ({ department, nodes: laneNodes })) };
}
