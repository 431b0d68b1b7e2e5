import '#infra/local/process-defaults.ts';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { startTestBaton } from '../support/local-baton.ts';
import { probeOf } from './probe.ts';
import { measureUsualPath } from './measure-calls.ts';
import { itemSize, valueSize } from './write-units.ts';
const baton = await startTestBaton();
try {
  const tokens = Object.fromEntries(await Promise.all(['sales', 'production', 'service', 'manager'].map(async (u) => [u, await baton.login(u)]))) as never;
  const probe = probeOf(baton);
  await measureUsualPath(baton, probe, tokens, 'product-defect');
  const raw = new DynamoDBClient({ region: baton.settings.region, endpoint: baton.endpoints.dynamodb, credentials: baton.credentials });
  const all = await raw.send(new ScanCommand({ TableName: baton.settings.tableName ?? 'baton' }));
  for (const item of all.Items ?? []) {
    const type = item.entity?.S ?? '?';
    if (type !== 'task' && type !== 'issue') continue;
    console.log(`\n== ${type} ${item.step?.S ?? ''} ${itemSize(item)} bytes: ` + Object.entries(item).sort((a, b) => valueSize(b[1]) - valueSize(a[1])).slice(0, 12).map(([n, v]) => `${n} ${valueSize(v) + n.length}`).join(', '));
    if (type === 'task' && item.step?.S === 'remedy') console.log(JSON.stringify(item.handoff), JSON.stringify(item.taskToken));
  }
} finally {
  await baton.dispose();
}
