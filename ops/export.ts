/**
 * `npm run export -- members|ledger [--from <ISO> --to <ISO>] --out file.csv --url <api> --key <admin key>`:
 * pages through the admin export endpoints (1,000 a page, retrying 429 and 5xx) and writes CSV
 * (UTF-8 with a BOM, so spreadsheet programs read Chinese names right). Columns: see the README
 * ("Exports").
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify';
import { ApiError, apiClient } from './cli/api.js';
import { ProgressBar } from './cli/progress.js';

type Json = Record<string, unknown>;
type Money = { amount: number; currency: string };

/** Fen as yuan with two decimals, exactly (no floating point): 12345 → "123.45", -5 → "-0.05". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const memberColumns = [
  'member_id',
  'status',
  'name',
  'email',
  'phone',
  'birthday',
  'locale',
  'marketing_consent',
  'enrolled_at',
  'tier',
  'tier_since',
  'points_available',
  'points_pending',
  'points_held',
  'points_value_fen',
  'points_value_yuan',
  'qualifying_spend_fen',
  'qualifying_spend_yuan',
  'next_expiry_date',
  'next_expiry_points',
  'lots',
] as const;

export function memberRow(item: Json): unknown[] {
  const points = item.points as { available: number; pending: number; held: number };
  const value = item.value as Money;
  const spend = item.qualifyingSpend as Money;
  const expiring = item.expiring as { points: number; expiresOn: string }[];
  const tier = item.tier as { code: string; since: string };
  return [
    item.memberId,
    item.status,
    item.name ?? '',
    item.email ?? '',
    item.phone ?? '',
    item.birthday ?? '',
    item.locale ?? '',
    item.marketingConsent ? 'true' : 'false',
    item.enrolledAt,
    tier.code,
    tier.since,
    points.available,
    points.pending,
    points.held,
    value.amount,
    yuan(value.amount),
    spend.amount,
    yuan(spend.amount),
    expiring[0]?.expiresOn ?? '',
    expiring[0]?.points ?? '',
    expiring.map((lot) => `${lot.expiresOn}:${lot.points}`).join(';'),
  ];
}

export const ledgerColumns = [
  'transaction_id',
  'member_id',
  'type',
  'points',
  'value_fen',
  'value_yuan',
  'created_at',
  'occurred_at',
  'reference',
  'description',
] as const;

export function ledgerRow(item: Json): unknown[] {
  const value = item.value as Money;
  return [
    item.transactionId,
    item.memberId,
    item.type,
    item.points,
    value.amount,
    yuan(value.amount),
    item.createdAt,
    item.occurredAt,
    item.reference,
    item.description,
  ];
}

export interface ExportOptions {
  readonly what: 'members' | 'ledger';
  readonly out: string;
  readonly url: string;
  readonly key: string;
  readonly from?: string;
  readonly to?: string;
  readonly pageSize?: number;
  readonly progress?: boolean;
}

export async function runExport(
  options: ExportOptions,
): Promise<{ rows: number; out: string; seconds: number }> {
  const startedMs = Date.now();
  const out = resolve(options.out);
  const request = apiClient({ baseUrl: options.url, key: options.key });
  const progress = new ProgressBar(`export ${options.what}`, process.stderr, options.progress !== false);
  const file = createWriteStream(out);
  file.write('\uFEFF');
  const csv = stringify({
    header: true,
    columns: [...(options.what === 'members' ? memberColumns : ledgerColumns)],
  });
  csv.pipe(file);
  const toRow = options.what === 'members' ? memberRow : ledgerRow;
  let rows = 0;
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: String(options.pageSize ?? 1000) });
    if (options.from) query.set('from', options.from);
    if (options.to) query.set('to', options.to);
    if (cursor) query.set('cursor', cursor);
    const page = await request<{ items: Json[]; nextCursor: string | null }>(
      'GET',
      `/v1/admin/exports/${options.what}?${query}`,
    );
    if (page.status !== 200) throw new ApiError(page.status, page.body, `Exporting ${options.what}`);
    for (const item of page.body.items) {
      if (!csv.write(toRow(item))) await once(csv, 'drain');
    }
    rows += page.body.items.length;
    progress.update({ done: rows });
    cursor = page.body.nextCursor;
  } while (cursor);
  csv.end();
  await once(file, 'finish');
  progress.finish();
  return { rows, out, seconds: (Date.now() - startedMs) / 1000 };
}

const usage = `Usage: npm run export -- members|ledger --out file.csv [--url http://127.0.0.1:3000] [--key <admin key>]
  --from ISO, --to ISO   ledger only: entries recorded in [from, to) (default: everything until now)
  --page-size N          items per request, at most 1000 (default 1000)
  --no-progress          no progress bar
The key may also come from JIFEN_KEY (or LOYALTY_ADMIN_KEY), the URL from JIFEN_URL.`;

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      url: { type: 'string' },
      key: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'page-size': { type: 'string' },
      'no-progress': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const what = positionals[0];
  const url = values.url ?? process.env.JIFEN_URL ?? 'http://127.0.0.1:3000';
  const key = values.key ?? process.env.JIFEN_KEY ?? process.env.LOYALTY_ADMIN_KEY;
  if (values.help || (what !== 'members' && what !== 'ledger') || !values.out || !key) {
    console.error(usage);
    process.exit(values.help ? 0 : 2);
  }
  const result = await runExport({
    what,
    out: values.out,
    url,
    key,
    from: values.from,
    to: values.to,
    pageSize: values['page-size'] ? Number(values['page-size']) : undefined,
    progress: !values['no-progress'],
  });
  console.log(
    `Exported ${result.rows.toLocaleString('en-US')} ${what === 'members' ? 'members' : 'ledger entries'} to ${result.out} in ${result.seconds.toFixed(1)} s`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`export failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
