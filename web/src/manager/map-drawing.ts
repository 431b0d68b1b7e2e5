// Draws a laid-out process map as SVG: lanes, boxes shaded by how long issues wait there now, the
// ways between them with the outcomes that take them, each step's manager decisions beside it (their
// lines run in the gap left of the column, one lane of the gap each, so no decision seems to lead to
// another), and the open issue's path: the visits in order, and where it is now.
import { html } from 'htm/preact';
import { duration } from '../format.ts';
import { departmentName, lang, pick, t } from '../i18n.ts';
import type { Box, Layout, MapEdge } from './map-layout.ts';
import { laneLabelWidth } from './map-layout.ts';

export interface PathVisit {
  step: string;
  department: string;
  seconds: number;
  current: boolean;
}

type Point = { x: number; y: number };

function curve(a: Point, b: Point, vertical: boolean): string {
  const bend = Math.max(24, (vertical ? Math.abs(b.y - a.y) : Math.abs(b.x - a.x)) / 2);
  const direction = Math.sign(vertical ? b.y - a.y : b.x - a.x) || 1;
  const [c1, c2] = vertical
    ? [{ x: a.x, y: a.y + direction * bend }, { x: b.x, y: b.y - direction * bend }]
    : [{ x: a.x + direction * bend, y: a.y }, { x: b.x - direction * bend, y: b.y }];
  return `M${a.x},${a.y} C${c1.x},${c1.y} ${c2.x},${c2.y} ${b.x},${b.y}`;
}

/** The line of one edge, and where its label goes. */
function route(edge: MapEdge, from: Box, to: Box): { d: string; label: Point } {
  if (edge.kind === 'decision') {
    // Down the gap left of the column, one track per decisions box, into the box's left side.
    const gap = from.x - 10 - to.row * 12;
    const startY = from.y + from.height - 12 - to.row * 8;
    const endY = to.y + to.height / 2;
    return { d: `M${from.x},${startY} H${gap} V${endY} H${to.x}`, label: { x: gap, y: endY } };
  }
  if (edge.kind === 'rerouted') {
    const gap = from.x + from.width + 10 + to.row * 12;
    const endY = to.y + to.height / 2;
    return { d: `M${from.x + from.width},${from.y + from.height - 12} H${gap} V${endY} H${to.x + to.width}`, label: { x: gap, y: endY } };
  }
  if (to.column > from.column) {
    const a = { x: from.x + from.width, y: from.y + from.height / 2 };
    const b = { x: to.x, y: to.y + to.height / 2 };
    // The curve is symmetric: its middle is halfway between its ends, where ways from one box part.
    return { d: curve(a, b, false), label: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 6 } };
  }
  const down = to.y > from.y;
  const a = { x: from.x + from.width / 2, y: down ? from.y + from.height : from.y };
  const b = { x: to.x + to.width / 2, y: down ? to.y : to.y + to.height };
  return { d: curve(a, b, true), label: { x: a.x, y: (a.y + b.y) / 2 } };
}

/** Splits a label into at most `lines` lines of about `max` characters (CJK text breaks anywhere). */
function wrap(text: string, max: number, lines = 2): string[] {
  if (text.length <= max) return [text];
  const spaced = text.includes(' ');
  const words = spaced ? text.split(' ') : [...text];
  const out: string[] = [''];
  for (const word of words) {
    const line = out[out.length - 1]!;
    if (line && (line + (spaced ? ' ' : '') + word).length > max && out.length < lines) out.push(word);
    else out[out.length - 1] = line ? line + (spaced ? ' ' : '') + word : word;
  }
  return out.map((line, index) => (index === lines - 1 && line.length > max ? `${line.slice(0, max - 1)}…` : line));
}

const cjk = () => lang() === 'zh';

/** Which box each visit of the path was in: the rerouted box of the department that held it, if drawn, else the step's own. */
export function boxOfVisit(boxes: Box[], visit: Pick<PathVisit, 'step' | 'department'>): Box | undefined {
  const holding = boxes.find((box) => box.kind === 'step' && box.steps.includes(visit.step) && box.department === visit.department);
  return holding ?? boxes.find((box) => box.steps.includes(visit.step) && !box.homeDepartment);
}

function StepBox({ box, badge, current }: { box: Box; badge?: string; current: boolean }) {
  const { x, y, width, height } = box;
  const counts = box.counts ?? { open: 0, claimed: 0, overdueNow: 0, lateWithManager: 0, breachedPast: 0 };
  const name = pick(box.name);
  const max = cjk() ? 13 : 24;
  const header = box.kind === 'decisions' ? t('decisionsHeading') : box.homeDepartment ? t('reroutedFrom', { department: departmentName(box.homeDepartment) }) : undefined;
  const nameLines = wrap(name, max, 2);
  const waitLine =
    counts.overdueNow > 0
      ? html`<tspan class="count-overdue">${t('overdueNowCount', { count: counts.overdueNow })}</tspan>`
      : counts.lateWithManager > 0
        ? html`<tspan class="count-overdue count-late">${t('lateWithManagerCount', { count: counts.lateWithManager })}</tspan>`
        : counts.oldestWaitSeconds !== undefined
          ? html`<tspan class="count-wait">${t('oldestWaits', { duration: duration(counts.oldestWaitSeconds) })}</tspan>`
          : html`<tspan class="count-zero">${t('nothingWaits')}</tspan>`;
  const badgeWidth = badge ? 14 + badge.length * 7.5 : 0;
  return html`<g class=${`step ${box.kind} wait-${box.wait ?? 'none'} ${badge ? 'on-path' : ''} ${current ? 'is-current' : ''} ${box.homeDepartment ? 'rerouted' : ''}`} data-box=${box.id} data-department=${box.department}>
    <title>${header ? `${header}: ` : ''}${name}</title>
    <rect x=${x} y=${y} width=${width} height=${height} rx="6" class="step-box" />
    <rect x=${x} y=${y} width="6" height=${height} rx="3" class=${`step-stripe stripe-${box.kind === 'decisions' ? 'management' : (box.homeDepartment ?? box.department)}`} />
    ${header ? html`<text x=${x + 14} y=${y + 18} class="step-header">${header}</text>` : null}
    ${nameLines.map((line, index) => html`<text x=${x + 14} y=${y + (header ? 37 : 24) + index * 18} class="step-name">${line}</text>`)}
    <text x=${x + 14} y=${y + height - 30} class="step-counts">
      <tspan class=${counts.open > 0 ? 'count-open' : 'count-zero'}>${t('openCount')} ${counts.open}</tspan><tspan dx="10" class=${counts.claimed > 0 ? 'count-claimed' : 'count-zero'}>${t('claimedCount')} ${counts.claimed}</tspan>
    </text>
    <text x=${x + 14} y=${y + height - 11} class="step-counts step-wait">${waitLine}</text>
    ${badge
      ? html`<g class="path-badge"><rect x=${x + width - badgeWidth + 6} y=${y - 10} width=${badgeWidth} height="20" rx="10" /><text x=${x + width - badgeWidth / 2 + 6} y=${y} text-anchor="middle" dominant-baseline="central">${badge}</text></g>`
      : null}
    ${current ? html`<g class="now-marker"><rect x=${x - 4} y=${y - 12} width=${cjk() ? 52 : 44} height="20" rx="10" /><text x=${x + (cjk() ? 22 : 18)} y=${y - 2} text-anchor="middle" dominant-baseline="central">${t('pathNow')}</text></g>` : null}
  </g>`;
}

export function MapDrawing({ drawing, title, visits }: { drawing: Layout; title: string; visits?: PathVisit[] }) {
  const byId = new Map(drawing.boxes.map((box) => [box.id, box]));
  // Each box on the path: the positions (1-based) of its visits, and whether the issue is there now.
  const onPath = new Map<string, number[]>();
  const currentBoxes = new Set<string>();
  (visits ?? []).forEach((visit, index) => {
    const box = boxOfVisit(drawing.boxes, visit);
    if (!box) return;
    onPath.set(box.id, [...(onPath.get(box.id) ?? []), index + 1]);
    if (visit.current) currentBoxes.add(box.id);
  });
  const taken = (edge: MapEdge) => {
    const from = onPath.get(edge.from);
    const to = onPath.get(edge.to);
    return Boolean(from && to && from[0]! < to[to.length - 1]!);
  };
  return html`<div class="map-scroll">
    <svg class=${`process-map ${visits ? 'has-path' : ''}`} role="img" aria-label=${title} viewBox=${`0 0 ${drawing.width} ${drawing.height}`} width=${drawing.width} height=${drawing.height}>
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head" /></marker>
        <marker id="arrow-decision" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head escalation" /></marker>
        <marker id="arrow-path" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head path" /></marker>
      </defs>
      ${drawing.lanes.map(
        (lane, index) => html`<g class=${`lane lane-${lane.department}`}>
          <rect x="0" y=${lane.top} width=${drawing.width} height=${lane.height} class=${index % 2 ? 'lane-band odd' : 'lane-band'} />
          <text x="12" y=${lane.top + lane.height / 2} dominant-baseline="middle" class=${`lane-label dept-${lane.department}`}>${departmentName(lane.department)}</text>
        </g>`,
      )}
      <line x1=${laneLabelWidth} y1="0" x2=${laneLabelWidth} y2=${drawing.height} class="lane-divider" />
      ${drawing.edges.map((edge) => {
        const from = byId.get(edge.from);
        const to = byId.get(edge.to);
        if (!from || !to) return null;
        const { d } = route(edge, from, to);
        const onIt = taken(edge);
        const marker = onIt ? 'url(#arrow-path)' : edge.kind === 'flow' ? 'url(#arrow)' : 'url(#arrow-decision)';
        return html`<path d=${d} class=${`edge edge-${edge.kind} ${onIt ? 'edge-on-path' : ''}`} marker-end=${marker} data-from=${edge.from} data-to=${edge.to} />`;
      })}
      ${drawing.boxes.map((box) => {
        if (box.kind === 'step' || box.kind === 'decisions') return html`<${StepBox} box=${box} badge=${onPath.get(box.id)?.join('·')} current=${currentBoxes.has(box.id)} />`;
        const { x, y, width, height } = box;
        return html`<g class="flow-state"><rect x=${x} y=${y} width=${width} height=${height} rx=${height / 2} class=${box.kind === 'parallel' ? 'parallel-shape' : 'marker-shape'} />
          <text x=${x + width / 2} y=${y + height / 2} text-anchor="middle" dominant-baseline="middle" class="state-name">${box.kind === 'parallel' ? t('mapParallel') : t('mapEnd')}</text></g>`;
      })}
      ${drawing.edges
        .filter((edge) => edge.kind === 'flow' && edge.outcomes.length > 0)
        .map((edge) => {
          const from = byId.get(edge.from);
          const to = byId.get(edge.to);
          if (!from || !to) return null;
          const { label } = route(edge, from, to);
          const text = edge.outcomes.map((outcome) => pick(outcome.label)).join(' / ');
          return html`<text x=${label.x} y=${label.y} text-anchor="middle" class="edge-label" data-from=${edge.from} data-to=${edge.to}><title>${text}</title>${wrap(text, cjk() ? 9 : 18, 1)[0]}</text>`;
        })}
    </svg>
  </div>`;
}
