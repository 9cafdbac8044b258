/**
 * CSV answers of the reports (`Accept: text/csv`): RFC 4180 (comma, CRLF, fields with a comma,
 * quote or line break quoted), UTF-8 with a byte-order mark so that spreadsheet programs read
 * Chinese text right. A text cell starting with `=`, `+`, `-` or `@` is prefixed with `'`, so that
 * no spreadsheet takes a partner's or a reward's id for a formula; numbers are written as they are.
 */
import type { HttpResult } from './httpFunction.js';

export type Cell = string | number | null | undefined;

function cellOf(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvOf(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `\uFEFF${[columns, ...rows].map((row) => row.map(cellOf).join(',')).join('\r\n')}\r\n`;
}

/** Whether the request asks for CSV: `text/csv` among its accepted types (with a quality above 0). */
export function wantsCsv(headers: Readonly<Record<string, string | undefined>>): boolean {
  return (headers.accept ?? '')
    .split(',')
    .map((part) => part.trim().toLowerCase().split(';'))
    .some(([type, ...params]) => type === 'text/csv' && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p)));
}

/** A CSV answer, offered as a file of its own name. */
export function csvResult(filename: string, csv: string): HttpResult {
  return {
    status: 200,
    body: csv,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      vary: 'Accept',
    },
  };
}
