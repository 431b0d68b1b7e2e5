// `BENCH_CALLS=1 npm run bench`: every hot-path AWS call of each counted operation, one line each
// (action, the kinds of item it names, the Baton function that sent it), so a round trip the counts
// show can be traced to the code that makes it.
import { awsCallMeter, hotPath, type SentCall } from '#shared/aws-call-meter.ts';

export const listCalls = process.env.BENCH_CALLS === '1';

/** An item key as a kind: `ISSUE#…/ISSUE`, `TASK#…/TASK`, the ids left out. */
const keyKind = (key: unknown) => {
  const { pk, sk } = (key ?? {}) as { pk?: unknown; sk?: unknown };
  const kind = (part: unknown) => String(part ?? '?').replace(/#.*$/, '#…');
  return `${kind(pk)}/${kind(sk)}`;
};

/** What a call names: the kinds of the items it reads or writes, the index it queries. */
function named(call: SentCall): string {
  const input = call.input as Record<string, any>;
  if (input.Key) return keyKind(input.Key);
  if (input.Item) return keyKind(input.Item);
  if (input.TransactItems) {
    return (input.TransactItems as Array<Record<string, { Key?: unknown; Item?: unknown }>>)
      .flatMap((part) => Object.entries(part).map(([kind, request]) => `${kind} ${keyKind(request.Key ?? request.Item)}`))
      .join(', ');
  }
  if (input.RequestItems) {
    return Object.values(input.RequestItems as Record<string, { Keys?: unknown[] }>)
      .flatMap((request) => (request.Keys ?? []).map(keyKind))
      .join(', ');
  }
  if (input.KeyConditionExpression) {
    const values = Object.values(input.ExpressionAttributeValues ?? {}).map((value) => String(value).replace(/#.*$/, '#…'));
    return `${input.IndexName ?? 'table'}: ${values.join(' ')}`;
  }
  return '';
}

/** The innermost frame of Baton's own code (functions/ or shared/, not the meter) that sent the call. */
function sender(): string {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  const own = frames.find((frame) => /\/(functions|shared)\//.test(frame) && !frame.includes('aws-call-meter'));
  const match = own && /at (?:async )?(\S+) .*\/((?:functions|shared)\/[^:)]+)/.exec(own);
  return match ? `${match[1]} (${match[2]})` : '?';
}

const lines: string[] = [];
let background = 0;
// Only the hot path is listed (what the operation's counts hold); background work is counted apart.
if (listCalls) {
  awsCallMeter.observeCalls((call) => {
    if (call.origin === hotPath) lines.push(`    ${call.action.padEnd(19)} ${named(call)}  ← ${sender()}`);
    else background += 1;
  });
}

/** Starts a new operation's list. */
export function startCallList() {
  lines.length = 0;
  background = 0;
}

/** Prints the calls since `startCallList`, under `title`. */
export function printCallList(title: string) {
  if (!listCalls) return;
  console.log(`  ${title}: ${lines.length} hot-path calls (and ${background} of background work, not listed)`);
  for (const line of lines) console.log(line);
  startCallList();
}
