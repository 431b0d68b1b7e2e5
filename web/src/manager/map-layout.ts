// Lays out the readable map the API returns (GET /api/flows/{flowId}/map): ELK (elkjs, loaded on
// demand: it is large) orders the flow's boxes left to right; each box then sits in its lane. A
// rerouted step and a step's manager decisions sit in the column of the step they belong to. Only
// positions here: the names are picked in the page's language when drawn, so a switch needs no layout.
import type { ELK, ElkNode } from 'elkjs/lib/elk-api.js';
import type { ReadableMap } from '#shared/api/schemas.ts';

export type MapNode = ReadableMap['nodes'][number];
export type MapEdge = ReadableMap['edges'][number];

export interface Box extends MapNode {
  column: number;
  /** Its place among the boxes of its lane and column (they stack). */
  row: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export const size = {
  step: { width: 216, height: 104 },
  decisions: { width: 216, height: 104 },
  parallel: { width: 150, height: 40 },
  end: { width: 120, height: 36 },
};
export const laneLabelWidth = 112;
/** Wide enough for an outcome's label on the way between two columns, and for decision lines beside the boxes. */
const columnGap = 84;
const rowGap = 18;
const lanePadding = 16;

/** elkjs is CommonJS: the bundle hands its constructor over as the default export, whatever the typings say. */
async function loadElk(): Promise<ELK> {
  const loaded: { default: unknown } = await import('elkjs/lib/elk.bundled.js');
  const ElkConstructor = ((loaded.default as { default?: unknown }).default ?? loaded.default) as new () => ELK;
  return new ElkConstructor();
}

export async function layout(map: ReadableMap) {
  const flowNodes = map.nodes.filter((node) => !node.homeDepartment && node.kind !== 'decisions');
  const flowEdges = map.edges.filter((edge) => edge.kind === 'flow');
  const elk = await loadElk();
  const result: ElkNode = await elk.layout({
    id: 'flow',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.layered.spacing.nodeNodeBetweenLayers': '40', 'elk.spacing.nodeNode': '20' },
    children: flowNodes.map((node) => ({ id: node.id, ...size[node.kind] })),
    edges: flowEdges.map((edge, index) => ({ id: `e${index}`, sources: [edge.from], targets: [edge.to] })),
  });
  const placed = new Map((result.children ?? []).map((child) => [child.id, child]));
  // ELK's layers become columns (told apart by their x).
  const xs = [...new Set((result.children ?? []).map((child) => Math.round(child.x ?? 0)))].sort((a, b) => a - b);
  const columnStarts: number[] = [];
  for (const x of xs) if (columnStarts.length === 0 || x - columnStarts[columnStarts.length - 1]! > 60) columnStarts.push(x);
  const columnOfPlaced = (id: string) => columnStarts.filter((start) => start <= Math.round(placed.get(id)?.x ?? 0) + 1).length - 1;
  // A box outside the flow (rerouted, decisions) takes the column of the step it comes from.
  const columnOf = (node: MapNode): number => {
    if (placed.has(node.id)) return columnOfPlaced(node.id);
    const from = map.edges.find((edge) => edge.to === node.id)?.from;
    return from ? columnOfPlaced(from) : 0;
  };
  const orderY = (node: MapNode) => {
    const from = placed.has(node.id) ? node.id : map.edges.find((edge) => edge.to === node.id)?.from;
    return placed.get(from ?? '')?.y ?? 0;
  };

  const columnWidth = size.step.width + columnGap;
  const boxes: Box[] = [];
  const lanes: Array<{ department: string; top: number; height: number }> = [];
  let top = 0;
  for (const { department } of map.lanes) {
    const cells = new Map<number, MapNode[]>();
    for (const node of map.nodes.filter((candidate) => candidate.department === department).sort((a, b) => orderY(a) - orderY(b))) {
      cells.set(columnOf(node), [...(cells.get(columnOf(node)) ?? []), node]);
    }
    const stack = Math.max(1, ...[...cells.values()].map((list) => list.length));
    const height = lanePadding * 2 + stack * size.step.height + (stack - 1) * rowGap;
    for (const [column, list] of cells) {
      list.forEach((node, row) => {
        const { width, height: boxHeight } = size[node.kind];
        boxes.push({
          ...node,
          column,
          row,
          width,
          height: boxHeight,
          x: laneLabelWidth + columnGap / 2 + column * columnWidth + (size.step.width - width) / 2,
          y: top + lanePadding + row * (size.step.height + rowGap) + (size.step.height - boxHeight) / 2,
        });
      });
    }
    lanes.push({ department, top, height });
    top += height;
  }
  const width = laneLabelWidth + columnGap / 2 + Math.max(1, columnStarts.length) * columnWidth;
  return { boxes, edges: map.edges, lanes, width, height: top, columnGap };
}

export type Layout = Awaited<ReturnType<typeof layout>>;
