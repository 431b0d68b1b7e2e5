// Talks to Baton's HTTP API: JSON in and out, errors as ApiError carrying the API's stable codes,
// and the staff session's access token as the bearer (staff-session.ts).
import { hasMessage, t, type MessageKey } from './i18n.ts';
import { accessToken } from './staff-session.ts';

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Sends the staff session's token. */
  auth?: boolean;
}

export async function api<T>(method: 'GET' | 'POST', path: string, options: RequestOptions = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const token = options.auth ? await accessToken() : undefined;
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  } catch {
    throw new ApiError(0, 'network', 'Network error');
  }
  const text = await response.text();
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = parsed?.error;
    throw new ApiError(response.status, typeof error?.code === 'string' ? error.code : `http_${response.status}`, error?.message ?? response.statusText, Array.isArray(error?.details) ? error.details : []);
  }
  return { status: response.status, body: parsed as T };
}

/** A plain sentence for a request-level error, translated by its code. */
export function errorSentence(error: unknown): string {
  if (error instanceof ApiError) {
    const key = `error.${error.code}`;
    if (hasMessage(key)) return t(key);
    if (error.status === 404) return t('error.not_found');
    if (error.status >= 400 && error.status < 500 && error.message) return error.message;
  }
  return t('error.unknown');
}

/** A field's problem in the person's language, translated by its code (the API's text is the fallback). */
export function fieldProblemText(problem: FieldProblem): string {
  const leaf = problem.field.split('.').pop() ?? '';
  const specific = `error.${problem.code}.${leaf}`;
  if (hasMessage(specific)) return t(specific);
  if (problem.code === 'too_long') {
    const max = /\d+/.exec(problem.message)?.[0];
    return max ? t('error.too_long', { max }) : t('error.too_long_plain');
  }
  const key = `error.${problem.code}` as MessageKey;
  return hasMessage(key) ? t(key) : problem.message;
}

/** Field problems keyed by the field's path in the request body (`customer.email`, `packet.summary`). */
export function problemsByField(error: unknown): Record<string, FieldProblem> {
  const byField: Record<string, FieldProblem> = {};
  if (error instanceof ApiError) {
    for (const problem of error.details) byField[problem.field] ??= problem;
  }
  return byField;
}

/** A fresh key per form fill: a retried or double-clicked submission gets the first answer again. */
export function idempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
