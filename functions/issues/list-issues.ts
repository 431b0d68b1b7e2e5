// GET /api/issues?status=&department=&nextToken= — issues by status (default: open), optionally only
// those a department holds now; `Accept: text/csv` gives the same page as a spreadsheet-safe CSV.
import { listIssues } from '#shared/data/issue-lists.ts';
import { listIssuesQuery, type IssueSummary } from '#shared/api/schemas.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { csvResponse, toCsv, wantsCsv, type CsvColumn } from '#shared/http/csv.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { header, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

const csvColumns: Array<CsvColumn<IssueSummary>> = [
  { header: 'issueId', value: (issue) => issue.issueId },
  { header: 'status', value: (issue) => issue.status },
  { header: 'flowId', value: (issue) => issue.flowId },
  { header: 'flowVersion', value: (issue) => issue.flowVersion },
  { header: 'subject', value: (issue) => issue.subject },
  { header: 'orderRef', value: (issue) => issue.orderRef },
  { header: 'createdAt', value: (issue) => issue.createdAt },
  { header: 'updatedAt', value: (issue) => issue.updatedAt },
  { header: 'holders', value: (issue) => issue.holders.map((holder) => holder.department).join(' ') },
  { header: 'reroutes', value: (issue) => issue.reroutes },
  { header: 'bounces', value: (issue) => issue.bounces },
];

export const handler = httpHandler(async (event) => {
  staffCaller(event);
  const { status, department, nextToken } = readQuery(event, listIssuesQuery);
  const csv = wantsCsv(header(event, 'accept'));
  const page = await listIssues({ status, department }, nextToken, csv ? 1_000 : 50);
  if (!csv) return jsonResponse(200, page);
  const filename = `issues-${status}${department ? `-${department}` : ''}.csv`;
  return csvResponse(filename, toCsv(csvColumns, page.issues), page.nextToken ? { 'X-Next-Token': page.nextToken } : {});
});
