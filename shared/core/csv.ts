/**
 * The CSV of the reports and exports: RFC 4180 (comma, CRLF, fields with a comma,
 * quote or line break quoted), UTF-8 with a byte-order mark so that spreadsheet programs read
 * Chinese text right. A text cell starting with `=`, `+`, `-` or `@` is prefixed with `'`, so that
 * no spreadsheet takes a partner's or a reward's id for a formula; numbers are written as they are.
 */
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
