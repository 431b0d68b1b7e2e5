// The data model in words, built from the entity modules themselves: every item type with its keys,
// and every access pattern with the index, partition and sort key it uses, read off the item
// builders with placeholder values. docs/DATA-MODEL.md holds this text between its markers;
// tests/unit/data-model.test.ts fails when they differ (rewrite it with `npm run data-model`).
import { customerEmailEntity, customerEntity } from '#shared/data/entities/customer.ts';
import { customerWaitEntity, type CustomerWait } from '#shared/data/entities/customer-wait.ts';
import { eventEntity } from '#shared/data/entities/event.ts';
import { feedbackEntity } from '#shared/data/entities/feedback.ts';
import { flowFiguresEntity } from '#shared/data/entities/flow-figures-shard.ts';
import { idempotencyEntity } from '#shared/data/entities/idempotency-record.ts';
import { indexes, tableKeys, type IndexName } from '#shared/data/entities/indexes.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { rateCounterEntity } from '#shared/data/entities/rate-counter.ts';
import { seedMarkerEntity } from '#shared/data/entities/seed-marker.ts';
import { staffNoticeEntity } from '#shared/data/entities/staff-notice.ts';
import { queueSubscribersEntity, staffProfileEntity } from '#shared/data/entities/staff-profile.ts';
import { taskEntity } from '#shared/data/entities/task.ts';
import { trackingCodeEntity } from '#shared/data/entities/tracking-code.ts';
import type { Access } from '#shared/data/entities/access.ts';
import { projections } from '#shared/data/table-definition.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import type { TaskRecord } from '#shared/domain/task.ts';

export const dataModelMarkers = { begin: '<!-- generated from shared/data/entities/: npm run data-model -->', end: '<!-- end of generated part -->' };

type Key = { pk: string; sk: string };
interface ItemType {
  item: string;
  module: string;
  key: Key;
  notes: string;
}

/** Every item type the table holds. */
export const itemTypes: ItemType[] = [
  { item: 'Customer', module: 'customer.ts', key: customerEntity.key('<customerId>'), notes: 'the only item with personal data (name, e-mail, phone, company)' },
  { item: 'Customer e-mail', module: 'customer.ts', key: customerEmailEntity.key('<normalised email>'), notes: 'makes an address unique; finds its customer' },
  { item: 'Issue', module: 'issue.ts', key: issueEntity.key('<issueId>'), notes: 'the current state; `eventCount` guards every change, which rewrites the whole item: it leaves out its description (the first event’s text), its category when it is its flow, and its own part of the task ids it names (`_<digest>`), resolved when read; `unreadMessage` (the customer wrote since staff last acted) is kept by every change, so a queue or a search names it without reading any history (absent on older items: read from their events)' },
  { item: 'Event (append-only)', module: 'event.ts', key: eventEntity.key('<issueId>', 1), notes: '`seq` 6 digits, 1…eventCount without gaps; parsed with the event union (shared/domain/events.ts)' },
  { item: 'Task', module: 'task.ts', key: taskEntity.key('<taskId>'), notes: 'no task token (its own item beside it); names its outcomes by `outcomeSet` (a set recorded in workflows/outcome-sets.json, resolved when read) and leaves out what it derives (its id from `pk`, the step’s name, the callback’s decision fields)' },
  { item: 'Task token', module: 'task.ts', key: taskEntity.token.key('<taskId>'), notes: 'the flow’s task token (AWS’s are several hundred bytes), which no list and no API response carries: written once in the transaction that opens the task, never rewritten; read with the task by what answers the flow (a completion’s BatchGetItem, the repair)' },
  { item: 'Tracking code', module: 'tracking-code.ts', key: trackingCodeEntity.key('<sha256(code)>'), notes: 'the code is stored only as its hash' },
  { item: 'Customer wait', module: 'customer-wait.ts', key: customerWaitEntity.key('<issueId>', '<step>'), notes: 'a step waiting for the customer’s reply; holds the flow’s token' },
  { item: 'Flow figures shard', module: 'flow-figures-shard.ts', key: flowFiguresEntity.key('<flowId>', 0), notes: `one of ${flowFiguresEntity.shardCount} (SHARD#00…) per flow; step counts, KPIs, bounces (shared/data/step-stats.ts)` },
  { item: 'Idempotency record', module: 'idempotency-record.ts', key: idempotencyEntity.key('<sha256(Idempotency-Key)>'), notes: 'TTL `expiresAt`; the intake response sealed with AES-256-GCM under a key derived from the raw Idempotency-Key' },
  { item: 'Rate-limit counter', module: 'rate-counter.ts', key: rateCounterEntity.key('<rule>', '<client hash>'), notes: 'TTL `expiresAt`; a ring of 61 slots, slot `s` = bucket mod 61: `a<s>` the bucket it counts, `n<s>` its count (shared/http/RATE-LIMITS.md)' },
  { item: 'Suggestion (append-only)', module: 'feedback.ts', key: feedbackEntity.key('<createdAt>', '<feedbackId>'), notes: '“tell us what Baton should do for you”: text, who, from which page' },
  { item: 'Staff notice', module: 'staff-notice.ts', key: staffNoticeEntity.key({ kind: 'person', username: '<username>' }, { at: '<at>', noticeId: '<noticeId>' }), notes: 'TTL `expiresAt` (30 days); also `NOTICES#queue#<queue>`; new tasks of a queue grouped per 15 minutes (`<window>#<noticeId>`, ADD `count`, `issueIds`); SLA warnings once (`ONCE#<noticeId>`, conditional); written in the causing change’s transaction' },
  { item: 'Staff notification settings', module: 'staff-profile.ts', key: staffProfileEntity.key('<username>'), notes: '`email`, `language`, `emailFor`, `queues`, `seenUntil` (the console’s badge counts newer notices)' },
  { item: 'Queue subscribers', module: 'staff-profile.ts', key: queueSubscribersEntity.key('<queue>'), notes: 'who of a queue wants which notices by e-mail: one attribute `person:<username>` per person, set (or removed) with their settings for each queue of their groups' },
  { item: 'Demo seed marker (local only)', module: 'seed-marker.ts', key: seedMarkerEntity.key(), notes: 'the demo issues of a data folder were submitted' },
];

const sampleIssue: IssueRecord = {
  issueId: '<issueId>', customerId: '<customerId>', status: 'open', flowId: 'product-defect', flowVersion: 1, category: 'product-defect',
  subject: '', description: '', orderRef: '<orderRef>', createdAt: '<createdAt>', updatedAt: '<createdAt>', eventCount: 1,
  holders: [], reroutes: 0, bounces: 0, clocks: {}, path: [],
};
const sampleTask = (status: TaskRecord['status'], claimedBy?: string): TaskRecord => ({
  taskId: '<taskId>', issueId: '<issueId>', flowId: '<flowId>', step: '<step>', stepName: { zh: '', en: '' }, department: 'service',
  status, createdAt: '<createdAt>', dueAt: '<dueAt>', outcomes: [], taskToken: '', executionArn: '', stateName: '', attempt: 0,
  ...(claimedBy ? { claimedBy } : {}),
});
const sampleWait: CustomerWait = {
  issueId: '<issueId>', step: '<step>', entryKey: '', taskToken: '', executionArn: '', stateName: '', status: 'answered', question: '', askedIn: '', askedAt: '',
};

export interface AccessPattern {
  pattern: string;
  item: string;
  access: Access;
  /** The item as its builder writes it, when it is on this list. */
  listed?: Record<string, unknown>;
  how: string;
}

/** Every Query Baton makes, with the item builder that puts items where the Query finds them. */
export const accessPatterns: AccessPattern[] = [
  { pattern: 'an issue’s events, in order', item: 'Event', access: eventEntity.access.ofIssue('<issueId>'), how: 'Query (consistent)' },
  { pattern: 'an issue and its events at once (issue 360)', item: 'Issue, Event', access: issueEntity.access.withHistory('<issueId>'), how: 'Query of the issue’s partition (consistent)' },
  { pattern: 'an issue’s customer waits', item: 'Customer wait', access: customerWaitEntity.access.ofIssue('<issueId>'), how: 'Query (consistent)' },
  { pattern: 'a flow’s figures: step counts, KPIs, bounce report (the map)', item: 'Flow figures shard', access: flowFiguresEntity.ofFlow('<flowId>'), how: 'Query of the shards' },
  { pattern: 'a department’s active tasks by due time (queue `open`, `all`; the repair’s sweep)', item: 'Task', access: taskEntity.access.queue('service'), listed: taskEntity.item(sampleTask('open')), how: 'Query (`open` filters status)' },
  { pattern: 'a customer’s issues (customer page, issue 360, search by e-mail)', item: 'Issue', access: issueEntity.access.ofCustomer('<customerId>'), listed: issueEntity.item(sampleIssue), how: 'Query; search reads the issues by key (BatchGetItem)' },
  { pattern: 'the tasks one person holds by due time (queue `mine`)', item: 'Task', access: taskEntity.access.heldBy('<username>'), listed: taskEntity.item(sampleTask('claimed', '<username>')), how: 'Query, department filtered' },
  { pattern: 'issues whose flow did not start (repair)', item: 'Issue', access: issueEntity.access.flowNotStarted('<olderThan>'), listed: issueEntity.item(sampleIssue), how: 'Query, sort key before the cut-off' },
  { pattern: 'completions not yet confirmed by Step Functions (repair)', item: 'Task', access: taskEntity.access.pendingCallbacks('<olderThan>'), listed: taskEntity.item(sampleTask('completed'), '<completedAt>'), how: 'Query, then BatchGetItem of each task and its token' },
  { pattern: 'customer replies not yet confirmed by Step Functions (repair)', item: 'Customer wait', access: customerWaitEntity.access.pendingReplies('<olderThan>'), listed: customerWaitEntity.item(sampleWait, '<answeredAt>'), how: 'Query, then GetItem of each wait (its token)' },
  { pattern: 'what waits now on the map: the head of each department queue', item: 'Task', access: taskEntity.access.queue('service'), listed: taskEntity.item(sampleTask('open')), how: 'Query, one page of 100, of each of the four queues' },
  { pattern: 'a person’s and their queues’ recent notices, newest first (`GET /api/me/notifications`)', item: 'Staff notice', access: staffNoticeEntity.access.ofAudience({ kind: 'department', department: 'service' }), how: 'Query per audience, descending, Limit 30' },
  { pattern: 'suggestions, newest first (managers)', item: 'Suggestion (append-only)', access: feedbackEntity.access.all(), how: 'Query, descending, 50 a page' },
  { pattern: 'an issue’s tasks in the order they opened (issue 360, tracking page, closing a step)', item: 'Task', access: taskEntity.access.ofIssue('<issueId>'), listed: taskEntity.item(sampleTask('open')), how: 'Query of keys, then BatchGetItem (consistent)' },
  { pattern: 'issues in one status, oldest first, optionally held by one department (`GET /api/issues`)', item: 'Issue', access: issueEntity.access.inStatus('open'), listed: issueEntity.item(sampleIssue), how: 'Query of keys, then BatchGetItem; department filtered on the page read' },
  { pattern: 'issues of an order reference (intake attaches to an open one; search)', item: 'Issue', access: issueEntity.access.ofOrderRef('<orderRef>'), listed: issueEntity.item(sampleIssue), how: 'Query (intake filters customer and status); search reads the issues by key' },
];

const code = (text: string) => `\`${text.replace(/\|/g, '\\|')}\``;

/** Partition and sort key of the list an access pattern reads, as the item builder writes them. */
export function listedKeys(pattern: AccessPattern): { partition: string; sort: string } {
  if (!pattern.access.index) return { partition: pattern.access.partition, sort: pattern.access.beginsWith ? `${pattern.access.beginsWith}…` : '(every item)' };
  const { partitionKey, sortKey } = pattern.access.index;
  return { partition: String(pattern.listed?.[partitionKey]), sort: String(pattern.listed?.[sortKey]) };
}

const indexNameOf = (pattern: AccessPattern): IndexName | undefined =>
  (Object.keys(indexes) as IndexName[]).find((name) => indexes[name] === pattern.access.index);

function projectionText(name: IndexName): string {
  const projection = projections[name];
  return projection.type === 'KEYS_ONLY' ? 'KEYS_ONLY' : `INCLUDE ${projection.attributes.map(code).join(', ')}`;
}

/** The generated part of docs/DATA-MODEL.md. */
export function renderDataModel(): string {
  const lines = [
    dataModelMarkers.begin,
    '',
    `Table keys ${code(tableKeys.partitionKey)} / ${code(tableKeys.sortKey)}, all strings. Every module is in \`shared/data/entities/\`.`,
    '',
    '| item | module | pk | sk | notes |',
    '|---|---|---|---|---|',
    ...itemTypes.map((type) => `| ${type.item} | \`${type.module}\` | ${code(type.key.pk)} | ${code(type.key.sk)} | ${type.notes} |`),
    '',
    '### Indexes',
    '',
    '| name (`indexes.ts`) | physical | keys | projection (`table-definition.ts`) |',
    '|---|---|---|---|',
    ...(Object.keys(indexes) as IndexName[]).map(
      (name) => `| ${code(name)} | ${code(indexes[name].indexName)} | ${code(indexes[name].partitionKey)} / ${code(indexes[name].sortKey)} | ${projectionText(name)} |`,
    ),
    '',
    '### Access patterns (Queries; everything else is a GetItem by key)',
    '',
    '| pattern | item | index | partition | sort key | how |',
    '|---|---|---|---|---|---|',
    ...accessPatterns.map((pattern) => {
      const { partition, sort } = listedKeys(pattern);
      const index = indexNameOf(pattern);
      return `| ${pattern.pattern} | ${pattern.item} | ${index ? code(index) : 'table'} | ${code(partition)} | ${code(sort)} | ${pattern.how} |`;
    }),
    '',
    dataModelMarkers.end,
  ];
  return lines.join('\n');
}
