// Where ELK (elkjs, layered, left to right) places a flow's own boxes on the manager's process map.
// It depends only on the flow version's ASL (the steps, forks and ends, and the ways between them),
// never on what waits now: `npm run flows` computes it once per flow version into
// workflows/map-placements.json, so the map page neither downloads ELK (1.5 MB) nor runs it on each
// load. The page lays out the rest (lanes, rerouted steps, manager decisions) from it
// (web/src/manager/map-layout.ts), and runs ELK itself only for a version with no recorded placement.
import type { ELK } from 'elkjs/lib/elk-api.js';
import type { ReadableMap } from '#shared/api/schemas.ts';

type MapNode = ReadableMap['nodes'][number];
type MapEdge = ReadableMap['edges'][number];

/** Each box's size on the map, by kind (ELK spaces the boxes by them). */
export const boxSize = {
  step: { width: 216, height: 104 },
  decisions: { width: 216, height: 104 },
  parallel: { width: 150, height: 40 },
  end: { width: 120, height: 36 },
};

/** ELK's position of each of the flow's own boxes (by node id): its left edge and its top, in ELK's units. */
export type FlowPlacement = Record<string, { x: number; y: number }>;

/** The boxes ELK places: the flow's own steps, forks and ends; a rerouted step and a decisions box take the column of the step they belong to. */
export const placedNodes = (map: Pick<ReadableMap, 'nodes'>): MapNode[] => map.nodes.filter((node) => !node.homeDepartment && node.kind !== 'decisions');
const placedEdges = (map: Pick<ReadableMap, 'edges'>): MapEdge[] => map.edges.filter((edge) => edge.kind === 'flow');

/** elkjs is CommonJS: the bundle hands its constructor over as the default export, whatever the typings say. */
async function loadElk(): Promise<ELK> {
  const loaded: { default: unknown } = await import('elkjs/lib/elk.bundled.js');
  const ElkConstructor = ((loaded.default as { default?: unknown }).default ?? loaded.default) as new () => ELK;
  return new ElkConstructor();
}

/** Runs ELK over the flow's own boxes and ways (the same result in Node and in a browser: the layered algorithm is deterministic). */
export async function placeFlow(map: Pick<ReadableMap, 'nodes' | 'edges'>): Promise<FlowPlacement> {
  const elk = await loadElk();
  const result = await elk.layout({
    id: 'flow',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.layered.spacing.nodeNodeBetweenLayers': '40', 'elk.spacing.nodeNode': '20' },
    children: placedNodes(map).map((node) => ({ id: node.id, ...boxSize[node.kind] })),
    edges: placedEdges(map).map((edge, index) => ({ id: `e${index}`, sources: [edge.from], targets: [edge.to] })),
  });
  return Object.fromEntries((result.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]));
}

/** The placement recorded for this flow version, if it places exactly the boxes this map has (else the caller runs ELK). */
export function recordedPlacement(
  recorded: Record<string, { version: number; boxes: FlowPlacement }>,
  map: Pick<ReadableMap, 'flowId' | 'version' | 'nodes'>,
): FlowPlacement | undefined {
  const entry = recorded[map.flowId];
  if (!entry || entry.version !== map.version) return undefined;
  const ids = placedNodes(map).map((node) => node.id);
  return ids.length === Object.keys(entry.boxes).length && ids.every((id) => id in entry.boxes) ? entry.boxes : undefined;
}
