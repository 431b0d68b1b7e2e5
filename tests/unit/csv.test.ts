import { describe, expect, it } from 'vitest';
import { csvCell, toCsv, wantsCsv } from '#shared/http/csv.ts';

describe('CSV exports are safe to open in a spreadsheet', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tleading tab', "'\tleading tab"],
    ['\r=1', "\"'\r=1\""],
  ])('a cell starting a formula (%j) is prefixed with an apostrophe', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('quotes commas, quotes and line breaks, and leaves plain text and numbers alone', () => {
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(undefined)).toBe('');
  });

  it('writes a header row and one CRLF-terminated line per row', () => {
    const csv = toCsv([{ header: 'id', value: (row: { id: string }) => row.id }], [{ id: 'a' }, { id: '=b' }]);
    expect(csv).toBe("id\r\na\r\n'=b\r\n");
  });

  it('answers CSV only when the client asks for text/csv', () => {
    expect(wantsCsv('text/csv')).toBe(true);
    expect(wantsCsv('application/json, text/csv;q=0.9')).toBe(true);
    expect(wantsCsv('application/json')).toBe(false);
    expect(wantsCsv(undefined)).toBe(false);
  });
});
