import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FieldProblem } from '#shared/http/errors.ts';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

export function errorBody(code: string, message: string, details: FieldProblem[] = [], extra: Record<string, unknown> = {}) {
  return { error: { code, message, details, ...extra } };
}
