// CSV export of one figure table: the API's own CSV (GET /api/figures?format=csv&table=), saved as a
// file with a byte order mark so that spreadsheets read it as UTF-8.
import { ApiError } from '../api.ts';
import { accessToken } from '../staff-session.ts';
import { download } from './issue-list.ts';

export type FigureTableName = 'summary' | 'departments' | 'steps' | 'versions' | 'weeks' | 'ages';

export async function exportFigureTable(query: URLSearchParams, table: FigureTableName): Promise<string> {
  const params = new URLSearchParams(query);
  params.set('format', 'csv');
  params.set('table', table);
  const token = await accessToken();
  let response: Response;
  try {
    response = await fetch(`/api/figures?${params}`, { headers: { accept: 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  } catch {
    throw new ApiError(0, 'network', 'Network error');
  }
  const text = await response.text();
  if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, response.statusText);
  const fileName = `baton-figures-${table}-${params.get('flowId') ?? 'all'}-${params.get('from')}-${params.get('to')}.csv`;
  download(fileName, `\uFEFF${text}`);
  return fileName;
}
