// The people a flow test plays, through the HTTP API only: a customer (form, tracking, messages),
// staff of each department and a manager.
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { sampleIssue, startTestBaton, type TaskView, type TestBaton } from './local-baton.ts';

export type Actor = 'sales' | 'production' | 'service' | 'manager';
const actors: Actor[] = ['sales', 'production', 'service', 'manager'];

let customers = 0;

export interface Submitted {
  issueId: string;
  trackingCode: string;
  email: string;
}

export interface FlowPlayers {
  baton: TestBaton;
  tokens: Record<Actor, string>;
  /** A new customer submits an issue of this category (a new e-mail each time: no attaching to an open issue). */
  submit(category: string, overrides?: Record<string, unknown>): Promise<Submitted>;
  /** Waits for an open (or claimed) task of this step, as the given person sees it. */
  taskOf(issueId: string, step: string, options?: { as?: Actor; not?: string[]; timeoutMs?: number }): Promise<TaskView & { handoff?: any; dueAt: string; createdAt: string }>;
  /**
   * Lets time run past `dueAt` (an SLA, or a customer wait's end) by moving the runtime's clock there and a second
   * beyond: timers that became due fire at once. Nothing sleeps; wait for the consequence with `taskOf` or `until`.
   */
  passDeadline(dueAt: string | number): void;
  /** Claims and completes a task as this person, with a handoff packet. */
  complete(as: Actor, task: TaskView, outcome: string, fields?: Record<string, unknown>, packet?: Record<string, string>): Promise<void>;
  /** The customer writes through the tracking page. */
  message(customer: Submitted, message: string): Promise<{ status: number; body: any }>;
  view(issueId: string): Promise<any>;
  until(issueId: string, done: (view: any) => boolean, timeoutMs?: number): Promise<any>;
}

export async function flowPlayers(baton: TestBaton): Promise<FlowPlayers> {
  const tokens = Object.fromEntries(await Promise.all(actors.map(async (actor) => [actor, await baton.login(actor)]))) as Record<Actor, string>;
  return {
    baton,
    tokens,
    async submit(category, overrides = {}) {
      customers += 1;
      const email = `customer-${process.pid}-${customers}-${Date.now()}@example.com`;
      const body = sampleIssue({ category, orderRef: `PO-${process.pid}-${customers}`, customer: { name: 'Li Wei', email }, ...overrides });
      const submitted = await baton.request('POST', '/api/issues', { body });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
      return { issueId: submitted.body.issueId, trackingCode: submitted.body.trackingCode, email };
    },
    async taskOf(issueId, step, { as = 'manager', not = [], timeoutMs = 20_000 } = {}) {
      const view = await poll(baton, tokens[as], issueId, (found) => openTask(found, step, not) !== undefined, timeoutMs, 200);
      return openTask(view, step, not);
    },
    passDeadline(dueAt) {
      const ahead = (typeof dueAt === 'number' ? dueAt : Date.parse(dueAt)) - baton.clock.now() + 1000;
      if (ahead > 0) baton.clock.advance(ahead);
    },
    async complete(as, task, outcome, fields = {}, packet = { summary: `${task.step}: ${outcome}`, done: `${as} did the work`, promised: 'An answer within a day' }) {
      const claimed = await baton.request('POST', `/api/tasks/${task.taskId}/claim`, { token: tokens[as] });
      expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
      const completed = await baton.request('POST', `/api/tasks/${task.taskId}/complete`, { token: tokens[as], body: { outcome, fields, packet } });
      expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    },
    async message(customer, message) {
      return baton.request('POST', '/api/track/messages', { body: { trackingCode: customer.trackingCode, email: customer.email, message } });
    },
    async view(issueId) {
      return (await baton.request('GET', `/api/issues/${issueId}`, { token: tokens.manager })).body;
    },
    until(issueId, done, timeoutMs = 20_000) {
      return poll(baton, tokens.manager, issueId, done, timeoutMs, 200);
    },
  };
}

type OpenTask = TaskView & { handoff?: any; dueAt: string; createdAt: string };
const openTask = (view: any, step: string, not: string[]) =>
  // Claimed counts too: after a customer's answer the step's task comes back held by whoever asked.
  ((view?.tasks ?? []) as OpenTask[]).find((task) => task.step === step && (task.status === 'open' || task.status === 'claimed') && !not.includes(task.taskId)) as OpenTask;

/**
 * Reads the issue as staff see it until `done` (flows run asynchronously after each action). A flow's next step
 * usually opens within a few tens of milliseconds: the first looks come soon after one another, then further apart
 * up to `everyMs`, so a short wait costs little time and a long one few reads.
 */
async function poll(baton: TestBaton, token: string, issueId: string, done: (view: any) => boolean, timeoutMs: number, everyMs: number): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  let pause = 20;
  while (Date.now() < deadline) {
    last = (await baton.request('GET', `/api/issues/${issueId}`, { token })).body;
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, everyMs);
  }
  throw new Error(`Issue ${issueId} did not get there within ${timeoutMs} ms. Last: ${JSON.stringify(last).slice(0, 3000)}`);
}

export const typesOf = (view: { events: Array<{ type: string }> }) => view.events.map((event) => event.type);
export const closed = (view: any) => view.issue.status === 'closed';

/**
 * A Baton for the whole test file (or for the `describe` block it is called in), started before its tests and
 * disposed of after them, with the people who play its flows. Use the returned players inside tests only (they exist
 * once beforeAll ran).
 */
export function flowPlayersForFile(options: Parameters<typeof startTestBaton>[0] = {}): FlowPlayers {
  return playersBetween(beforeAll, afterAll, options);
}

/**
 * A Baton of its own for each test, for tests that move the clock by days: an earlier test's open tasks would
 * otherwise breach at every later move, and their escalations again, so each test would pay for all the ones before it
 * (and the scheduled sweeper look at all their executions). A runtime starts in well under a second once the file's
 * first has loaded the code (tests/README.md, "Time").
 */
export function flowPlayersForEachTest(options: Parameters<typeof startTestBaton>[0] = {}): FlowPlayers {
  return playersBetween(beforeEach, afterEach, options);
}

/** What a players proxy plays on: the runtime under way, which `freshRuntimeFor` replaces. */
interface PlayersState {
  options: Parameters<typeof startTestBaton>[0];
  baton?: TestBaton;
  players?: FlowPlayers;
}
const statesOfPlayers = new WeakMap<FlowPlayers, PlayersState>();

function playersBetween(start: typeof beforeAll, stop: typeof afterAll, options: Parameters<typeof startTestBaton>[0]): FlowPlayers {
  const state: PlayersState = { options };
  start(async () => {
    state.baton = await startTestBaton(options);
    state.players = await flowPlayers(state.baton);
  });
  stop(async () => {
    await state.baton?.dispose();
    state.baton = undefined;
    state.players = undefined;
  });
  const proxy = new Proxy({} as FlowPlayers, {
    get(_, key: keyof FlowPlayers) {
      if (!state.players) throw new Error('The flow players exist only inside tests, once their beforeAll or beforeEach has started Baton.');
      const value = state.players[key];
      return typeof value === 'function' ? value.bind(state.players) : value;
    },
  });
  statesOfPlayers.set(proxy, state);
  return proxy;
}

/**
 * Called in a `describe` block: its tests play on a runtime of their own, started before them in place of the one
 * the earlier tests used (stopped first: the clock is the process's, one runtime at a time). For tests that move the
 * clock by hours or days, which the earlier tests' open tasks would otherwise all feel (breaches, escalations, mail).
 */
export function freshRuntimeFor(players: FlowPlayers): void {
  const state = statesOfPlayers.get(players);
  if (!state) throw new Error('freshRuntimeFor takes the players flowPlayersForFile returned.');
  beforeAll(async () => {
    await state.baton?.dispose();
    state.players = undefined;
    state.baton = await startTestBaton(state.options);
    state.players = await flowPlayers(state.baton);
  });
}
