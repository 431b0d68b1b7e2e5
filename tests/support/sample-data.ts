// What a test submits and where a test's data folder lives, without loading the runtime (see sign-in.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function tempDataDir(label = 'baton-test'): string {
  return mkdtempSync(path.join(tmpdir(), `${label}-`));
}

export const sampleIssue = (overrides: Record<string, unknown> = {}) => ({
  customer: { name: 'Li Wei', email: 'li.wei@example.com', phone: '+86 10 1234 5678', company: 'Acme' },
  category: 'product-defect',
  subject: 'The pump stopped after two days',
  description: 'The pump makes a grinding noise and then stops.',
  orderRef: 'PO-1001',
  ...overrides,
});
