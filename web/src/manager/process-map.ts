// The manager's live process map (流程全景图) of one flow, from GET /api/flows/{flowId}/map: human
// steps in department lanes with their open / claimed / breached counts. ELK (elkjs, loaded on
// demand: it is large) orders the steps left to right; each step then sits in its department's lane.
// The same figures are given as a table, for screen readers and for reading exact numbers. Under it,
// the flow's KPIs and bounce report; over it, the path of the issue open in the console.
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import type { ELK, ElkNode } from 'elkjs/lib/elk-api.js';
import type { ProcessMap } from '#shared/api/schemas.ts';
import { api, ApiError, errorSentence } from '../api.ts';
import { Notice } from '../components/layout.ts';
import { duration } from '../format.ts';
import { departmentName, pick, t, useLang, type Localized } from '../i18n.ts';
import { BounceReport, KpiCards } from './flow-kpis.ts';
import { useIssueInAddress, useIssuePath, type IssuePath } from './issue-path.ts';

type MapNode = ProcessMap['nodes'][number];
type Counts = { open: number; claimed: number; breached: number };
type FlowSummary = { flowId: string; name: Localized; version: number; available: boolean };

/** What the drawing shows: department steps, the Parallel fork, the end, and per step its manager decisions. */
interface Box {
  id: string;
  kind: 'step' | 'escalations' | 'parallel' | 'end';
  label: string;
  department: string;
  /** The step ids the box stands for (a manager-decisions box: every decision folded into it). */
  steps: string[];
  counts?: Counts;
  column: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Link {
  from: string;
  to: string;
  style: 'flow' | 'escalation';
}

const size = {
  step: { width: 200, height: 78 },
  escalations: { width: 200, height: 78 },
  parallel: { width: 150, height: 40 },
  end: { width: 120, height: 36 },
};
const laneLabelWidth = 112;
const columnGap = 44;
const rowGap = 16;
const lanePadding = 14;

const isDepartmentStep = (node: MapNode) => Boolean(node.human && node.human.department !== 'management');
const isManagerStep = (node: MapNode) => node.human?.department === 'management';
const isEnd = (node: MapNode) => !node.parent && node.end && node.type !== 'Fail';

/**
 * The flow as a manager reads it. The ASL also holds the machinery around each step (reroute
 * counters, reminders, questions to the customer, failure handling); that is folded away: the map
 * keeps the department steps in order, the fork into parallel work, the end, and beside each step
 * the manager decisions it can lead to (escalations, ownership, failures), with their live counts.
 */
export function readableFlow(map: ProcessMap) {
  const outgoing = new Map<string, ProcessMap['edges']>();
  for (const edge of map.edges) outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge]);
  const byId = new Map(map.nodes.map((node) => [node.id, node]));
  const shown = map.nodes.filter((node) => isDepartmentStep(node) || node.type === 'Parallel' || isEnd(node));
  const shownIds = new Set(shown.map((node) => node.id));

  /** The shown nodes reached from `start` through folded-away states (never through a manager's step). */
  const reach = (start: string, seen = new Set<string>()): string[] => {
    if (shownIds.has(start)) return [start];
    const node = byId.get(start);
    if (!node || seen.has(start) || isManagerStep(node)) return [];
    seen.add(start);
    return (outgoing.get(start) ?? []).filter((edge) => edge.kind !== 'catch').flatMap((edge) => reach(edge.to, seen));
  };
  const links = new Map<string, Link>();
  for (const node of shown) {
    const edges = outgoing.get(node.id) ?? [];
    const hasBranches = edges.some((edge) => edge.kind === 'branch');
    for (const edge of edges) {
      if (edge.kind === 'catch' || (hasBranches && edge.kind === 'next')) continue;
      for (const target of reach(edge.to)) if (target !== node.id) links.set(`${node.id}→${target}`, { from: node.id, to: target, style: 'flow' });
    }
    // The end of a parallel branch joins the state after the Parallel.
    if (node.parent && (outgoing.get(node.id) ?? []).length > 0) {
      const branchEnds = new Set<string>();
      const walk = (id: string, seen = new Set<string>()) => {
        if (seen.has(id)) return;
        seen.add(id);
        const current = byId.get(id);
        if (current?.end && current.type !== 'Fail' && current.parent === node.parent) branchEnds.add(id);
        if (current && (current.id === node.id || !shownIds.has(current.id))) for (const edge of outgoing.get(id) ?? []) if (edge.kind !== 'catch') walk(edge.to, seen);
      };
      walk(node.id);
      if (branchEnds.size > 0 || node.end) {
        for (const edge of (outgoing.get(node.parent) ?? []).filter((candidate) => candidate.kind === 'next')) {
          for (const target of reach(edge.to)) links.set(`${node.id}→${target}`, { from: node.id, to: target, style: 'flow' });
        }
      }
    }
  }

  // Drop the ways back (reroutes, returns), found as back edges of a walk from the start.
  const starts = shown.filter((node) => !node.parent && (node.start || !map.edges.some((edge) => edge.to === node.id && shownIds.has(edge.from))));
  const firstStep = shown.find((node) => isDepartmentStep(node) && !node.parent);
  const roots = starts.length > 0 ? starts : firstStep ? [firstStep] : [];
  const forward = new Map<string, Link>();
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string) => {
    state.set(id, 'open');
    for (const link of links.values()) {
      if (link.from !== id) continue;
      const seen = state.get(link.to);
      if (seen === 'open') continue;
      forward.set(`${link.from}→${link.to}`, link);
      if (!seen) visit(link.to);
    }
    state.set(id, 'done');
  };
  for (const root of roots) if (!state.has(root.id)) visit(root.id);
  // A skip ahead (a step straight to one further on) stays; only cycles are cut.

  // Each manager decision belongs to the department step it returns to.
  const decisions = new Map<string, Counts>();
  const decisionSteps = new Map<string, string[]>();
  const ownerOf = (managerStep: MapNode): string | undefined => {
    const targets = new Set<string>();
    const walk = (id: string, seen = new Set<string>()) => {
      if (seen.has(id)) return;
      seen.add(id);
      for (const edge of outgoing.get(id) ?? []) {
        if (edge.kind === 'catch') continue;
        const next = byId.get(edge.to);
        if (!next) continue;
        if (isDepartmentStep(next)) targets.add(next.id);
        else if (!isManagerStep(next) && next.type !== 'Fail') walk(next.id, seen);
      }
    };
    walk(managerStep.id);
    return [...targets][0];
  };
  for (const node of map.nodes.filter(isManagerStep)) {
    const owner = ownerOf(node);
    if (!owner) continue;
    const total = decisions.get(owner) ?? { open: 0, claimed: 0, breached: 0 };
    const counts = node.human!.counts;
    decisions.set(owner, { open: total.open + counts.open, claimed: total.claimed + counts.claimed, breached: total.breached + counts.breached });
    decisionSteps.set(owner, [...(decisionSteps.get(owner) ?? []), node.human!.step]);
  }
  return { shown: shown.filter((node) => state.has(node.id) || isDepartmentStep(node)), links: [...forward.values()], decisions, decisionSteps };
}

/** elkjs is CommonJS: the bundle hands its constructor over as the default export, whatever the typings say. */
async function loadElk(): Promise<ELK> {
  const loaded: { default: unknown } = await import('elkjs/lib/elk.bundled.js');
  const ElkConstructor = ((loaded.default as { default?: unknown }).default ?? loaded.default) as new () => ELK;
  return new ElkConstructor();
}

async function layout(map: ProcessMap) {
  const { shown, links, decisions, decisionSteps } = readableFlow(map);
  const kindOf = (node: MapNode): Box['kind'] => (node.human ? 'step' : node.type === 'Parallel' ? 'parallel' : 'end');
  const elk = await loadElk();
  const result: ElkNode = await elk.layout({
    id: 'flow',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '40',
      'elk.spacing.nodeNode': '20',
    },
    children: shown.map((node) => ({ id: node.id, ...size[kindOf(node)] })),
    edges: links.map((link, index) => ({ id: `e${index}`, sources: [link.from], targets: [link.to] })),
  });
  const placed = new Map((result.children ?? []).map((child) => [child.id, child]));
  // ELK's layers become columns (told apart by their x).
  const xs = [...new Set((result.children ?? []).map((child) => Math.round(child.x ?? 0)))].sort((a, b) => a - b);
  const columnStarts: number[] = [];
  for (const x of xs) if (columnStarts.length === 0 || x - columnStarts[columnStarts.length - 1]! > 60) columnStarts.push(x);
  const columnOf = (id: string) => columnStarts.filter((start) => start <= Math.round(placed.get(id)?.x ?? 0) + 1).length - 1;

  // Lanes: each step's department; the fork and the end sit in the lane of the step before them.
  const laneOf = new Map<string, string>();
  for (const node of shown) if (node.human) laneOf.set(node.id, node.human.department);
  for (let pass = 0; pass < shown.length; pass++) {
    for (const node of shown) {
      if (laneOf.has(node.id)) continue;
      const before = links.find((link) => link.to === node.id && laneOf.has(link.from));
      if (before) laneOf.set(node.id, laneOf.get(before.from)!);
    }
  }
  const boxes: Omit<Box, 'x' | 'y'>[] = shown.map((node) => ({
    id: node.id,
    kind: kindOf(node),
    label: node.human ? pick(node.human.stepName) : node.id,
    department: laneOf.get(node.id) ?? map.lanes[0]?.department ?? 'service',
    steps: node.human ? [node.human.step] : [],
    counts: node.human?.counts,
    column: columnOf(node.id),
    ...size[kindOf(node)],
  }));
  const allLinks: Link[] = [...links];
  for (const [owner, counts] of decisions) {
    const step = boxes.find((box) => box.id === owner);
    if (!step) continue;
    boxes.push({ id: `decisions:${owner}`, kind: 'escalations', label: step.label, department: 'management', steps: decisionSteps.get(owner) ?? [], counts, column: step.column, ...size.escalations });
    allLinks.push({ from: owner, to: `decisions:${owner}`, style: 'escalation' });
  }

  const order = map.lanes.map((lane) => lane.department).filter((department) => department !== 'management');
  for (const box of boxes) if (!order.includes(box.department) && box.department !== 'management') order.push(box.department);
  if (boxes.some((box) => box.department === 'management')) order.push('management');

  const columnWidth = size.step.width + columnGap;
  const drawn: Box[] = [];
  const lanes: Array<{ department: string; top: number; height: number }> = [];
  let top = 0;
  for (const department of order) {
    const cells = new Map<number, typeof boxes>();
    for (const box of boxes.filter((candidate) => candidate.department === department).sort((a, b) => (placed.get(a.id)?.y ?? 0) - (placed.get(b.id)?.y ?? 0))) {
      cells.set(box.column, [...(cells.get(box.column) ?? []), box]);
    }
    const stack = Math.max(1, ...[...cells.values()].map((list) => list.length));
    const height = lanePadding * 2 + stack * size.step.height + (stack - 1) * rowGap;
    for (const [column, list] of cells) {
      list.forEach((box, index) =>
        drawn.push({
          ...box,
          x: laneLabelWidth + columnGap / 2 + column * columnWidth + (size.step.width - box.width) / 2,
          y: top + lanePadding + index * (size.step.height + rowGap) + (size.step.height - box.height) / 2,
        }),
      );
    }
    lanes.push({ department, top, height });
    top += height;
  }
  const width = laneLabelWidth + columnGap / 2 + Math.max(1, columnStarts.length) * columnWidth;
  return { boxes: drawn, links: allLinks, lanes, width, height: top };
}

type Layout = Awaited<ReturnType<typeof layout>>;

function linkPath(from: Box, to: Box): string {
  type Point = { x: number; y: number };
  const curve = (a: Point, b: Point, vertical: boolean) => {
    const bend = Math.max(24, (vertical ? Math.abs(b.y - a.y) : Math.abs(b.x - a.x)) / 2);
    const direction = Math.sign(vertical ? b.y - a.y : b.x - a.x) || 1;
    const [c1, c2] = vertical
      ? [{ x: a.x, y: a.y + direction * bend }, { x: b.x, y: b.y - direction * bend }]
      : [{ x: a.x + direction * bend, y: a.y }, { x: b.x - direction * bend, y: b.y }];
    return `M${a.x},${a.y} C${c1.x},${c1.y} ${c2.x},${c2.y} ${b.x},${b.y}`;
  };
  if (to.column > from.column) return curve({ x: from.x + from.width, y: from.y + from.height / 2 }, { x: to.x, y: to.y + to.height / 2 }, false);
  const down = to.y > from.y;
  return curve({ x: from.x + from.width / 2, y: down ? from.y + from.height : from.y }, { x: to.x + to.width / 2, y: down ? to.y : to.y + to.height }, true);
}

/** Splits a label into at most two lines that fit a box of about `max` characters. */
function wrap(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const words = text.includes(' ') ? text.split(' ') : [...text];
  const joiner = text.includes(' ') ? ' ' : '';
  const lines: string[] = [''];
  for (const word of words) {
    const line = lines[lines.length - 1]!;
    if (line && (line + joiner + word).length > max && lines.length < 2) lines.push(word);
    else lines[lines.length - 1] = line ? line + joiner + word : word;
  }
  return lines.map((line, index) => (index === 1 && line.length > max ? `${line.slice(0, max - 1)}…` : line));
}

/** For each box on the issue's path, the positions (1-based) of its visits, in order. */
function visitsOf(drawing: Layout, path: IssuePath | undefined): Map<string, number[]> {
  const visits = new Map<string, number[]>();
  if (!path) return visits;
  path.steps.forEach((step, index) => {
    const box = drawing.boxes.find((candidate) => candidate.steps.includes(step));
    if (box) visits.set(box.id, [...(visits.get(box.id) ?? []), index + 1]);
  });
  return visits;
}

function MapDrawing({ drawing, title, path }: { drawing: Layout; title: string; path?: IssuePath }) {
  const byId = new Map(drawing.boxes.map((box) => [box.id, box]));
  const cjk = (text: string) => /[\u3400-\u9fff]/.test(text);
  const visits = visitsOf(drawing, path);
  // A link is on the path when the issue was at its start before it was at its end.
  const onPath = (link: Link) => {
    const from = visits.get(link.from);
    const to = visits.get(link.to);
    return Boolean(from && to && from[0]! < to[to.length - 1]!);
  };
  return html`<div class="map-scroll">
    <svg class=${`process-map ${path ? 'has-path' : ''}`} role="img" aria-label=${title} viewBox=${`0 0 ${drawing.width} ${drawing.height}`} width="100%" style=${`max-width: ${drawing.width}px`}>
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head" /></marker>
        <marker id="arrow-escalation" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head escalation" /></marker>
        <marker id="arrow-path" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head path" /></marker>
      </defs>
      ${drawing.lanes.map(
        (lane, index) => html`<g class=${`lane lane-${lane.department}`}>
          <rect x="0" y=${lane.top} width=${drawing.width} height=${lane.height} class=${index % 2 ? 'lane-band odd' : 'lane-band'} />
          <text x="12" y=${lane.top + lane.height / 2} dominant-baseline="middle" class=${`lane-label dept-${lane.department}`}>${departmentName(lane.department)}</text>
        </g>`,
      )}
      <line x1=${laneLabelWidth} y1="0" x2=${laneLabelWidth} y2=${drawing.height} class="lane-divider" />
      ${drawing.links.map((link) => {
        const from = byId.get(link.from);
        const to = byId.get(link.to);
        if (!from || !to) return null;
        const taken = onPath(link);
        return html`<path d=${linkPath(from, to)} class=${`edge edge-${link.style} ${taken ? 'edge-on-path' : ''}`} marker-end=${taken ? 'url(#arrow-path)' : link.style === 'escalation' ? 'url(#arrow-escalation)' : 'url(#arrow)'} />`;
      })}
      ${drawing.boxes.map((box) => {
        const { x, y, width, height } = box;
        const visited = visits.get(box.id);
        if (box.kind === 'step' || box.kind === 'escalations') {
          const name = box.kind === 'escalations' ? t('decisionsAt', { step: box.label }) : box.label;
          const lines = wrap(name, cjk(name) ? 13 : 25);
          const { open, claimed, breached } = box.counts ?? { open: 0, claimed: 0, breached: 0 };
          const badge = visited?.join('·');
          const badgeWidth = badge ? 12 + badge.length * 7 : 0;
          return html`<g class=${`step ${box.kind} ${breached > 0 ? 'has-breach' : ''} ${visited ? 'on-path' : ''}`} data-box=${box.id}>
            <rect x=${x} y=${y} width=${width} height=${height} rx="6" class="step-box" />
            <rect x=${x} y=${y} width="6" height=${height} rx="3" class=${`step-stripe stripe-${box.department}`} />
            ${lines.map((line, index) => html`<text x=${x + 14} y=${y + 20 + index * 17} class="step-name">${line}</text>`)}
            <text x=${x + 14} y=${y + height - 12} class="step-counts">
              <tspan class="count-open">${t('openCount')} ${open}</tspan><tspan dx="8" class="count-claimed">${t('claimedCount')} ${claimed}</tspan><tspan dx="8" class=${breached > 0 ? 'count-breached' : 'count-zero'}>${t('overdueCount')} ${breached}</tspan>
            </text>
            ${badge
              ? html`<g class="path-badge"><rect x=${x + width - badgeWidth + 6} y=${y - 9} width=${badgeWidth} height="18" rx="9" /><text x=${x + width - badgeWidth / 2 + 6} y=${y} text-anchor="middle" dominant-baseline="central">${badge}</text></g>`
              : null}
          </g>`;
        }
        return html`<g class="flow-state"><rect x=${x} y=${y} width=${width} height=${height} rx=${height / 2} class=${box.kind === 'parallel' ? 'parallel-shape' : 'marker-shape'} />
          <text x=${x + width / 2} y=${y + height / 2} text-anchor="middle" dominant-baseline="middle" class="state-name">${box.kind === 'parallel' ? t('mapParallel') : t('mapEnd')}</text></g>`;
      })}
    </svg>
  </div>`;
}

/** Above the drawing while an issue's path is shown: whose path, its steps in order, and a way to clear it. */
function PathLegend({ path, stepName, onClear }: { path: IssuePath; stepName: (step: string) => string; onClear: () => void }) {
  return html`<div class="path-legend" role="status">
    <span class="path-swatch" aria-hidden="true"></span>
    <div class="path-text">
      <strong>${t('pathOf', { subject: path.subject })}</strong>
      <ol class="path-steps">${path.steps.map((step) => html`<li>${stepName(step)}</li>`)}</ol>
    </div>
    <button type="button" class="small" onClick=${onClear}>${t('clearPath')}</button>
  </div>`;
}

export function ProcessMapPanel({ version, onUnauthorized }: { version: number; onUnauthorized: () => void }) {
  useLang();
  const [flows, setFlows] = useState<FlowSummary[]>();
  const [flowId, setFlowId] = useState<string>();
  const [map, setMap] = useState<ProcessMap>();
  const [drawing, setDrawing] = useState<Layout>();
  const [error, setError] = useState<string>();
  // The issue open in the console draws its path, until the manager clears it (for that issue).
  const openIssueId = useIssueInAddress();
  const [clearedFor, setClearedFor] = useState<string>();
  const path = useIssuePath(openIssueId === clearedFor ? undefined : openIssueId, version, onUnauthorized);

  const fail = (failure: unknown) => {
    if (failure instanceof ApiError && failure.status === 401) return onUnauthorized();
    setError(errorSentence(failure));
  };
  const showFlow = (next: string) => {
    if (next === flowId) return;
    setDrawing(undefined);
    setFlowId(next);
  };

  useEffect(() => {
    api<{ flows: FlowSummary[] }>('GET', '/api/flows', { auth: true }).then((response) => {
      const available = response.body.flows.filter((flow) => flow.available);
      setFlows(available);
      setFlowId((current) => current ?? available[0]?.flowId);
    }, fail);
  }, []);

  // The map switches to the flow of the issue whose path it shows.
  useEffect(() => {
    if (path) showFlow(path.flowId);
  }, [path?.issueId, path?.flowId]);

  useEffect(() => {
    if (!flowId) return;
    let current = true;
    const load = () =>
      api<ProcessMap>('GET', `/api/flows/${encodeURIComponent(flowId)}/map`, { auth: true }).then(async (response) => {
        if (!current) return;
        setMap(response.body);
        const laidOut = await layout(response.body);
        if (current) {
          setDrawing(laidOut);
          setError(undefined);
        }
      }, fail);
    void load();
    const timer = setInterval(load, 30_000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [flowId, version]);

  const flowName = flows?.find((flow) => flow.flowId === flowId)?.name;
  const title = t('processMapOf', { flow: flowName ? pick(flowName) : (flowId ?? '') });
  const shownMap = map?.flowId === flowId ? map : undefined;
  const steps = (shownMap?.nodes ?? []).filter((node) => node.human);
  const stepName = (step: string) => {
    const node = steps.find((candidate) => candidate.human!.step === step);
    return node ? pick(node.human!.stepName) : step;
  };
  const shownPath = path && path.flowId === flowId && shownMap ? path : undefined;
  return html`<section class="panel map-panel" aria-labelledby="map-title">
    <div class="panel-head">
      <h2 id="map-title">${t('processMap')}</h2>
      ${flows && flows.length > 0
        ? html`<label class="inline-field"><span>${t('flow')}</span>
            <select value=${flowId} onChange=${(event: Event) => {
              const next = (event.target as HTMLSelectElement).value;
              // Another flow's map cannot show this issue's path.
              if (path && path.flowId !== next) setClearedFor(path.issueId);
              showFlow(next);
            }}>
              ${flows.map((flow) => html`<option value=${flow.flowId}>${pick(flow.name)} · v${flow.version}</option>`)}
            </select></label>`
        : null}
    </div>
    <p class="hint">${t('mapLegend')}</p>
    ${error ? html`<${Notice} kind="error">${error}</${Notice}>` : null}
    ${shownPath ? html`<${PathLegend} path=${shownPath} stepName=${stepName} onClear=${() => setClearedFor(shownPath.issueId)} />` : null}
    ${drawing ? html`<${MapDrawing} drawing=${drawing} title=${title} path=${shownPath} />` : html`<p class="muted">${t('loading')}</p>`}
    ${shownMap
      ? html`<div class="flow-figures">
          <${KpiCards} kpis=${shownMap.kpis} />
          <${BounceReport} bounces=${shownMap.bounces} stepName=${stepName} />
        </div>`
      : null}
    ${steps.length > 0
      ? html`<table class="counts map-table">
          <caption>${title}</caption>
          <thead><tr>
            <th scope="col">${t('step')}</th><th scope="col">${t('queue')}</th><th scope="col">${t('sla')}</th>
            <th scope="col" class="number">${t('openCount')}</th><th scope="col" class="number">${t('claimedCount')}</th><th scope="col" class="number">${t('overdueCount')}</th>
          </tr></thead>
          <tbody>
            ${steps.map(
              (node) => html`<tr data-step=${node.human!.step} class=${shownPath?.steps.includes(node.human!.step) ? 'on-path' : ''}>
                <th scope="row">${pick(node.human!.stepName)}</th>
                <td><span class=${`dept dept-${node.human!.department}`}>${departmentName(node.human!.department)}</span></td>
                <td>${duration(node.human!.slaSeconds)}</td>
                <td class="number">${node.human!.counts.open}</td>
                <td class="number">${node.human!.counts.claimed}</td>
                <td class=${`number ${node.human!.counts.breached > 0 ? 'overdue' : ''}`}>${node.human!.counts.breached}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
      : null}
  </section>`;
}
