// Lays out the readable map the API returns (GET /api/flows/{flowId}/map): the flow's own boxes go
// where ELK placed them left to right, as recorded per flow version by `npm run flows`
// (shared/domain/map-placement.ts; ELK, loaded on demand, runs here only for a version with no
// recorded placement); each box then sits in its lane. A rerouted step and a step's manager decisions
// sit in the column of the step they belong to. Only positions here: the names are picked in the
// page's language when drawn, so a switch needs no layout.
import type { ReadableMap } from '#shared/api/schemas.ts';
import { boxSize as size, placeFlow, recordedPlacement } from '#shared/domain/map-placement.ts';
import placements from '#workflows/map-placements.json' with { type: 'json' };

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

export const laneLabelWidth = 112;
/** Wide enough for an outcome's label on the way between two columns, and for decision lines beside the boxes. */
const columnGap = 84;
const rowGap = 18;
const lanePadding = 16;

export async function layout(map: ReadableMap) {
  const placed = new Map(Object.entries(recordedPlacement(placements, map) ?? (await placeFlow(map))));
  // ELK's layers become columns (told apart by their x).
  const xs = [...new Set([...placed.values()].map((box) => Math.round(box.x)))].sort((a, b) => a - b);
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
