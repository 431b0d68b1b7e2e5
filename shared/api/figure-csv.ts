// The figure tables of GET /api/figures as CSV, one table per file (`table=`), in the same rows and
// columns as the managers' page shows them. Durations are seconds; empty cells mean "none yet".
import type { FigureTable, FiguresReport, PeriodFigures } from '#shared/api/figure-schemas.ts';
import { stepNameOf } from '#shared/flows/step-names.ts';
import { toCsv, type CsvColumn } from '#shared/http/csv.ts';

/** The headline figures of one slice of the period (a version, a week): the columns of the versions and weeks tables. */
const headline: Array<CsvColumn<PeriodFigures>> = [
  { header: 'opened', value: (figures) => figures.opened },
  { header: 'closed', value: (figures) => figures.closed },
  { header: 'endToEndP50Seconds', value: (figures) => figures.endToEnd.p50 },
  { header: 'endToEndP90Seconds', value: (figures) => figures.endToEnd.p90 },
  { header: 'firstTimeRightPercent', value: (figures) => figures.firstTimeRightPercent },
  { header: 'reroutesPer100', value: (figures) => figures.reroutesPer100 },
  { header: 'bouncesPer100', value: (figures) => figures.bouncesPer100 },
  { header: 'meanCustomerWaitSeconds', value: (figures) => figures.meanCustomerWaitSeconds },
  { header: 'reopenPercent', value: (figures) => figures.reopenPercent },
  { header: 'meanRating', value: (figures) => figures.meanRating },
];
const of = <Row>(pick: (row: Row) => PeriodFigures) => headline.map((column) => ({ header: column.header, value: (row: Row) => column.value(pick(row)) }));

export function figureCsv(report: FiguresReport, table: FigureTable): string {
  const { figures } = report;
  switch (table) {
    case 'summary': {
      const rows: Array<[string, unknown]> = [
        ...headline.map((column): [string, unknown] => [column.header, column.value(figures)]),
        ['reopened', figures.reopened],
        ['ratings', figures.ratings],
      ];
      return toCsv([{ header: 'figure', value: (row: [string, unknown]) => row[0] }, { header: 'value', value: (row) => row[1] }], rows);
    }
    case 'departments':
      return toCsv(
        [{ header: 'department', value: (row: [string, number]) => row[0] }, { header: 'meanHeldSeconds', value: (row) => row[1] }],
        Object.entries(figures.meanHeldSeconds),
      );
    case 'steps':
      return toCsv(
        [
          { header: 'step', value: (step: PeriodFigures['steps'][number]) => step.step },
          // The names staff and managers read (shared/flows/step-names.ts), in both languages.
          { header: 'nameEn', value: (step) => stepNameOf(step.step)?.en ?? step.step },
          { header: 'nameZh', value: (step) => stepNameOf(step.step)?.zh ?? step.step },
          { header: 'waitBeforeClaimP50Seconds', value: (step) => step.waitBeforeClaim.p50 },
          { header: 'waitBeforeClaimP90Seconds', value: (step) => step.waitBeforeClaim.p90 },
          { header: 'workP50Seconds', value: (step) => step.work.p50 },
          { header: 'workP90Seconds', value: (step) => step.work.p90 },
          { header: 'slaMet', value: (step) => step.slaMet },
          { header: 'slaMissed', value: (step) => step.slaMissed },
          { header: 'slaPercent', value: (step) => step.slaPercent },
        ],
        figures.steps,
      );
    case 'versions':
      return toCsv(
        [
          { header: 'flowId', value: (row: FiguresReport['versions'][number]) => row.flowId },
          { header: 'version', value: (row) => row.version },
          ...of((row: FiguresReport['versions'][number]) => row.figures),
        ],
        report.versions,
      );
    case 'weeks':
      return toCsv([{ header: 'week', value: (row: FiguresReport['weeks'][number]) => row.week }, ...of((row: FiguresReport['weeks'][number]) => row.figures)], report.weeks);
    case 'ages':
      return toCsv([{ header: 'ageBand', value: (row: FiguresReport['openByAge'][number]) => row.band }, { header: 'openIssues', value: (row) => row.count }], report.openByAge);
  }
}
