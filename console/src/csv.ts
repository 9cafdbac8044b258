/**
 * CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF, a UTF-8 BOM) into import rows.
 * Header: memberId, name, email, phone, birthday, locale, marketingConsent, enrolledAt, tier,
 * qualifyingSpend (fen), lastPurchaseAt, and opening balances either as `balances`
 * (`500@2025-03-01;200@2026-01-10`, or a JSON array) or as pairs of columns
 * `balance1Points`/`balance1EarnedAt`, `balance2Points`/… . Empty cells are left out.
 */
import type { ImportRow } from './api/named';

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quoted) {
      if (char === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
}

const numberOrText = (value: string): number | string => {
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) ? n : value;
};

function balancesOf(cell: string): ImportRow['balances'] {
  const text = cell.trim();
  if (text.startsWith('[')) return JSON.parse(text) as ImportRow['balances'];
  return text
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [points = '', earnedAt = ''] = part.split('@');
      return { points: numberOrText(points) as number, earnedAt: earnedAt.trim() };
    });
}

/** Rows of the file, numbered from 1; a cell the API will refuse is passed on for it to name. */
export function importRowsOf(text: string): ImportRow[] {
  const [header, ...body] = parseCsv(text);
  if (!header) return [];
  const names = header.map((name) => name.trim());
  return body.map((cells, index) => {
    const row: Record<string, unknown> = { row: index + 1 };
    const pairs = new Map<string, { points?: string; earnedAt?: string }>();
    names.forEach((name, column) => {
      const value = (cells[column] ?? '').trim();
      if (value === '') return;
      const pair = /^balance(\d*)_?(points|earnedAt)$/i.exec(name);
      if (pair) {
        const slot = pairs.get(pair[1] ?? '') ?? {};
        if (pair[2]!.toLowerCase() === 'points') slot.points = value;
        else slot.earnedAt = value;
        pairs.set(pair[1] ?? '', slot);
      } else if (name === 'balances') row.balances = balancesOf(value);
      else if (name === 'qualifyingSpend') row.qualifyingSpend = numberOrText(value);
      else if (name === 'marketingConsent') row.marketingConsent = /^(true|1|yes|y)$/i.test(value);
      else row[name] = value;
    });
    if (pairs.size > 0) {
      const balances = [...pairs.values()]
        .filter((pair) => pair.points !== undefined)
        .map((pair) => ({ points: numberOrText(pair.points!) as number, earnedAt: pair.earnedAt ?? '' }));
      row.balances = [...((row.balances as ImportRow['balances']) ?? []), ...balances];
    }
    return row as unknown as ImportRow;
  });
}

/** Chunks of at most `maxRows` rows and about `maxBytes` of JSON (the API takes 256 KB a request). */
export function chunksOf<T>(rows: readonly T[], maxRows = 1000, maxBytes = 200_000): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = JSON.stringify(row).length + 1;
    if (chunk.length > 0 && (chunk.length >= maxRows || bytes + size > maxBytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(row);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
