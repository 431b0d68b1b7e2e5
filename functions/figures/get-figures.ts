// GET /api/figures?from=&to=&flowId=&version= — the managers' figures for a period (UTC days), per
// flow version, per week and open issues by age; `Accept: text/csv` or `format=csv` gives one figure
// table (`table=`) as CSV. Reads the period's aggregates, never the issues.
import { nowIso } from '#shared/clock.ts';
import { figureCsv } from '#shared/api/figure-csv.ts';
import { figuresQuery } from '#shared/api/figure-schemas.ts';
import { readFigures } from '#shared/data/period-figures.ts';
import { managerCaller } from '#shared/http/authorization.ts';
import { csvResponse, wantsCsv } from '#shared/http/csv.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { header, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  managerCaller(event);
  const { from, to, flowId, version, format, table = 'summary' } = readQuery(event, figuresQuery);
  const report = await readFigures({ from, to, flowId, version, today: nowIso().slice(0, 10) });
  if (format !== 'csv' && (format === 'json' || !wantsCsv(header(event, 'accept')))) return jsonResponse(200, report);
  const filename = `figures-${table}-${flowId ?? 'all'}${version ? `-v${version}` : ''}-${from}-${to}.csv`;
  return csvResponse(filename, figureCsv(report, table));
});
