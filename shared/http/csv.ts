/**
 * Reports answered as CSV when the request's `Accept` asks for it (`text/csv`), offered as a file;
 * the format itself (RFC 4180, BOM, formula-safe cells) is core/csv.ts.
 */
import type { HttpResult } from './httpFunction.js';

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
