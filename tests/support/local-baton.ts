// Starts the real local runtime for a test file and offers the calls a person's browser would make.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '#infra/local/runtime.ts';

export interface TestBaton extends LocalRuntime {
  request(method: string, route: string, options?: { body?: unknown; token?: string; headers?: Record<string, string>; rawBody?: string }): Promise<{ status: number; body: any; headers: Headers }>;
  login(username: string, password?: string): Promise<string>;
  /** Stops the runtime and removes its data folder. */
  dispose(): Promise<void>;
}

export function tempDataDir(label = 'baton-test'): string {
  return mkdtempSync(path.join(tmpdir(), `${label}-`));
}

export async function startTestBaton(options: Partial<LocalRuntimeOptions> = {}): Promise<TestBaton> {
  const dataDir = options.dataDir ?? tempDataDir();
  const runtime = await startLocalRuntime({ inMemory: true, port: 0, ...options, dataDir });
  const request: TestBaton['request'] = async (method, route, { body, token, headers = {}, rawBody } = {}) => {
    const response = await fetch(`${runtime.url}${route}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(rawBody !== undefined ? { body: rawBody } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    ...runtime,
    request,
    async login(username, password = 'baton') {
      const response = await request('POST', '/api/auth/login', { body: { username, password } });
      if (response.status !== 200) throw new Error(`login of ${username} failed: ${response.status}`);
      return response.body.token as string;
    },
    async dispose() {
      await runtime.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const sampleIssue = (overrides: Record<string, unknown> = {}) => ({
  customer: { name: 'Li Wei', email: 'li.wei@example.com', phone: '+86 10 1234 5678', company: 'Acme' },
  category: 'product-defect',
  subject: 'The pump stopped after two days',
  description: 'The pump makes a grinding noise and then stops.',
  orderRef: 'PO-1001',
  ...overrides,
});
