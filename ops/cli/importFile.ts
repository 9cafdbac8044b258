/**
 * Reads the members of an import file, CSV (UTF-8, with or without BOM) or JSON lines, as rows
 * of the import API numbered from 1 (the N-th member in the file; a CSV header is not counted).
 *
 * CSV header (case, spaces and `_` do not matter, so `member_id` = `memberId`; empty cells are
 * left out): member_id, enrolled_at (required); name, email, phone, birthday, locale,
 * marketing_consent, tier, qualifying_spend_fen, last_purchase_at; opening balances as
 * balance_1_points, balance_1_earned_at, balance_2_points, … (as many as needed), or one
 * `balances` cell `1200@2025-03-01;800@2026-02-01T10:00:00+08:00`.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';

export type FileRow =
  | { readonly row: number; readonly data: Record<string, unknown> }
  /** A line that is not a member at all (JSON lines only): reported, never sent. */
  | { readonly row: number; readonly error: string };

const plainColumns: Readonly<Record<string, string>> = {
  memberid: 'memberId',
  name: 'name',
  email: 'email',
  phone: 'phone',
  birthday: 'birthday',
  locale: 'locale',
  marketingconsent: 'marketingConsent',
  enrolledat: 'enrolledAt',
  tier: 'tier',
  qualifyingspend: 'qualifyingSpend',
  qualifyingspendfen: 'qualifyingSpend',
  lastpurchaseat: 'lastPurchaseAt',
  balances: 'balances',
};

const balanceColumn = /^balance(\d{1,3})(points|earnedat)$/;

export const normaliseHeader = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Checks a CSV header: the required columns are there and every column is known. */
export function checkHeader(header: readonly string[]): string[] {
  const problems: string[] = [];
  const names = header.map(normaliseHeader);
  for (const required of ['memberid', 'enrolledat']) {
    if (!names.includes(required))
      problems.push(`the header has no ${required === 'memberid' ? 'member_id' : 'enrolled_at'} column`);
  }
  header.forEach((original, i) => {
    const name = names[i]!;
    if (!(name in plainColumns) && !balanceColumn.test(name)) problems.push(`unknown column "${original}"`);
  });
  const seen = new Set<string>();
  for (const name of names) {
    const key = plainColumns[name] ?? name;
    if (seen.has(key)) problems.push(`column ${name} appears twice`);
    seen.add(key);
  }
  return problems;
}

const integer = (value: string): number | string => (/^-?\d{1,15}$/.test(value) ? Number(value) : value);

function booleanOf(value: string): boolean | string {
  const lowered = value.toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(lowered)) return true;
  if (['false', 'no', 'n', '0'].includes(lowered)) return false;
  return value;
}

/** `1200@2025-03-01;800@2026-02-01` → balances (an unreadable part is passed on for the API to judge). */
export function compactBalances(cell: string): unknown[] {
  return cell
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('@');
      return at < 0
        ? { points: integer(part) }
        : { points: integer(part.slice(0, at).trim()), earnedAt: part.slice(at + 1).trim() };
    });
}

/** One CSV record (header → cell) as an API row. */
export function rowFromCsv(record: Readonly<Record<string, string>>, row: number): Record<string, unknown> {
  const data: Record<string, unknown> = { row };
  const lots = new Map<number, { points?: number | string; earnedAt?: string }>();
  for (const [column, raw] of Object.entries(record)) {
    const value = (raw ?? '').trim();
    if (value === '') continue;
    const name = normaliseHeader(column);
    const lot = balanceColumn.exec(name);
    if (lot) {
      const index = Number(lot[1]);
      const current = lots.get(index) ?? {};
      if (lot[2] === 'points') current.points = integer(value);
      else current.earnedAt = value;
      lots.set(index, current);
      continue;
    }
    const field = plainColumns[name];
    if (field === 'qualifyingSpend') data[field] = integer(value);
    else if (field === 'marketingConsent') data[field] = booleanOf(value);
    else if (field === 'balances') data[field] = compactBalances(value);
    else if (field) data[field] = value;
  }
  if (lots.size > 0) {
    const fromColumns = [...lots.entries()].sort(([a], [b]) => a - b).map(([, lot]) => lot);
    data.balances = [...((data.balances as unknown[] | undefined) ?? []), ...fromColumns];
  }
  return data;
}

export interface ImportFileReader {
  readonly rows: AsyncIterable<FileRow>;
  /** Bytes of the file read so far (for an estimate of the total). */
  bytesRead(): number;
}

export function readImportFile(file: string, format: 'csv' | 'jsonl'): ImportFileReader {
  const stream = createReadStream(file);
  const bytesRead = () => stream.bytesRead;
  if (format === 'jsonl') {
    return {
      bytesRead,
      rows: (async function* () {
        let row = 0;
        for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
          const text = row === 0 ? line.replace(/^\uFEFF/, '').trim() : line.trim();
          if (text === '') continue;
          row++;
          try {
            const value: unknown = JSON.parse(text);
            if (!value || typeof value !== 'object' || Array.isArray(value)) {
              yield { row, error: 'The line is not a JSON object.' };
            } else {
              yield { row, data: { ...(value as Record<string, unknown>), row } };
            }
          } catch {
            yield { row, error: 'The line is not valid JSON.' };
          }
        }
      })(),
    };
  }
  const parser = stream.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        const problems = checkHeader(header);
        if (problems.length > 0) throw new Error(`The CSV header is not usable: ${problems.join('; ')}.`);
        return header;
      },
      skip_empty_lines: true,
      trim: true,
    }),
  );
  return {
    bytesRead,
    rows: (async function* () {
      let row = 0;
      for await (const record of parser as AsyncIterable<Record<string, string>>) {
        row++;
        yield { row, data: rowFromCsv(record, row) };
      }
    })(),
  };
}
