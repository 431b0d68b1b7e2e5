// CSV exports (RFC 4180) that are safe to open in a spreadsheet: a cell that would start a formula
// (= + - @, or a tab or carriage return a spreadsheet may skip) is prefixed with an apostrophe.
import type { HttpResponse } from '#shared/http/responses.ts';

const formulaStart = /^[=+\-@\t\r]/;

/** One column of an export: its header and how a row gives its cell. */
export type CsvColumn<Row> = { header: string; value: (row: Row) => unknown };

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Row>(columns: ReadonlyArray<CsvColumn<Row>>, rows: readonly Row[]): string {
  const lines = [columns.map((column) => csvCell(column.header)), ...rows.map((row) => columns.map((column) => csvCell(column.value(row))))];
  return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

/** Whether the client asked for CSV (`Accept: text/csv`); JSON otherwise. */
export const wantsCsv = (accept: string | undefined) => /(^|,)\s*text\/csv\s*(;|,|$)/i.test(accept ?? '');

/** A CSV export as a download under `filename`, never cached (it is a snapshot of changing data). */
export function csvResponse(filename: string, body: string, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store', ...headers },
    body,
  };
}
