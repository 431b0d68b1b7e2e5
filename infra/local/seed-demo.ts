// Demo issues for a first local run, so every queue and the map have something to show. Submitted
// through the same intake as the public form; runs once per data folder (a marker item records it).
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { submitIssue } from '#shared/data/issue-store.ts';
import { seedMarkerEntity } from '#shared/data/entities/seed-marker.ts';
import type { z } from 'zod';
import { submitIssueBody } from '#shared/domain/intake.ts';
import type { FlowId } from '#shared/flows/catalog.ts';
import { startFlowOf } from '#shared/flows/start-flow.ts';

const marker = seedMarkerEntity.key();

const demoIssues: Array<z.input<typeof submitIssueBody>> = [
  {
    customer: { name: '王芳', email: 'wang.fang@example.com', phone: '+86 21 5555 0101', company: '华东精密机械' },
    category: 'product-defect',
    subject: '水泵运行两天后停机',
    description: '新装的 P-200 水泵运行两天后发出异响并停机，现场无法重启。',
    orderRef: 'PO-2026-0412',
  },
  {
    customer: { name: 'James Miller', email: 'james.miller@example.com', company: 'Northwind Foods' },
    category: 'product-defect',
    subject: 'Control panel display flickers',
    description: 'The control panel display on unit CP-7 flickers and resets every few minutes.',
    orderRef: 'PO-2026-0388',
  },
  {
    customer: { name: '李强', email: 'li.qiang@example.com', company: '南方建材' },
    category: 'delivery-delay',
    subject: '订单延迟两周未发货',
    description: '订单 SO-7781 原定上周发货，至今没有物流信息。',
    orderRef: 'SO-7781',
  },
  {
    customer: { name: 'Sofia Rossi', email: 'sofia.rossi@example.com' },
    category: 'billing-dispute',
    subject: 'Charged twice for the March invoice',
    description: 'Invoice INV-3302 was charged twice to our card on 3 March.',
    orderRef: 'INV-3302',
  },
  {
    customer: { name: '陈静', email: 'chen.jing@example.com', phone: '+86 755 5555 0199' },
    category: 'service-request',
    subject: '需要上门保养',
    description: '设备运行满一年，申请安排上门保养与检查。',
  },
];

export async function seedDemoIssues(availableFlows: readonly FlowId[]): Promise<number> {
  const tableName = config.tableName();
  const seeded = await documentClient().send(new GetCommand({ TableName: tableName, Key: marker, ConsistentRead: true }));
  if (seeded.Item) return 0;
  let count = 0;
  for (const demo of demoIssues.filter((issue) => availableFlows.includes(issue.category as FlowId))) {
    // Through the form's own validation, like any customer's submission.
    const { created } = await submitIssue(submitIssueBody.parse(demo));
    if (created) {
      await startFlowOf(created);
      count += 1;
    }
  }
  await documentClient().send(new PutCommand({ TableName: tableName, Item: { ...marker, seededAt: new Date().toISOString(), count } }));
  return count;
}
