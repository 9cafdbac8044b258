/**
 * `npm run import -- --file members.csv --url <api> --key <admin key>`: imports members and their
 * opening balances from CSV or JSON lines through the import API, in chunks of up to 1,000 rows
 * (and under the 256 KB body limit), several chunks at once, retrying 429 and 5xx. It keeps a
 * small state file next to the input (or under --state-dir), so that a run that stopped resumes
 * after the last row the server confirmed; rows are idempotent, so a row sent twice changes
 * nothing. At the end it completes the import, writes the failed rows with their codes to an
 * error file and prints a summary. See the README ("Importing an existing programme").
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { ApiError, type ApiRequest, apiClient } from './cli/api.js';
import { type FileRow, readImportFile } from './cli/importFile.js';
import { ProgressBar } from './cli/progress.js';

/** The API's limits: rows per chunk, and a body under 256 KB with room to spare. */
const maxChunkRows = 1000;
const maxChunkBytes = 240 * 1024;

export interface ImportOptions {
  readonly file: string;
  readonly url: string;
  readonly key: string;
  readonly importId?: string;
  readonly format?: 'csv' | 'jsonl';
  readonly concurrency?: number;
  readonly chunkRows?: number;
  readonly stateDir?: string;
  readonly errorsFile?: string;
  /** Send every row again, whatever the state file says (rows are idempotent). */
  readonly restart?: boolean;
  /** Leave the import open at the end. */
  readonly complete?: boolean;
  readonly enrolmentBonus?: boolean;
  readonly welcomeEmail?: boolean;
  readonly progress?: boolean;
}

interface ImportState {
  readonly version: 1;
  readonly importId: string;
  readonly fileSha256: string;
  /** Every row up to this one was confirmed by the server. */
  doneThrough: number;
  rows: number | null;
  completed: boolean;
}

interface RowError {
  readonly row: number;
  readonly memberId: string | null;
  readonly code: string;
  readonly detail: string;
}

export interface ImportSummary {
  readonly importId: string;
  readonly status: string;
  readonly rowsInFile: number | null;
  readonly resumedAfterRow: number;
  readonly sent: number;
  readonly imported: number;
  readonly alreadyImported: number;
  readonly failed: number;
  readonly totals: { received: number; imported: number; failed: number };
  readonly errorsFile: string;
  readonly errorRows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
}

class Fatal extends Error {}

/** The default import id: the file's name without extension, as an id (`members.csv` → `members`). */
export function defaultImportId(file: string): string {
  const stem = basename(file, extname(file))
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return stem || 'import';
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function readState(path: string): ImportState | null {
  if (!existsSync(path)) return null;
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as ImportState;
    return state.version === 1 ? state : null;
  } catch {
    return null;
  }
}

function saveState(path: string, state: ImportState) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

async function allErrors(request: ApiRequest, importId: string): Promise<RowError[]> {
  const errors: RowError[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await request<{ items: RowError[]; nextCursor: string | null }>(
      'GET',
      `/v1/admin/imports/${encodeURIComponent(importId)}/errors?${query}`,
    );
    if (page.status !== 200) throw new ApiError(page.status, page.body, 'Listing the errors');
    errors.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return errors;
}

export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const startedMs = Date.now();
  const file = resolve(options.file);
  if (!existsSync(file)) throw new Fatal(`No such file: ${file}`);
  const format = options.format ?? (/\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'csv');
  const importId = options.importId ?? defaultImportId(file);
  const stateDir = options.stateDir ? resolve(options.stateDir) : dirname(file);
  const statePath = join(stateDir, `${basename(file)}.import-state.json`);
  const errorsFile = options.errorsFile
    ? resolve(options.errorsFile)
    : join(stateDir, `${basename(file)}.errors.csv`);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const chunkRows = Math.min(maxChunkRows, Math.max(1, options.chunkRows ?? maxChunkRows));
  const progress = new ProgressBar(`import ${importId}`, process.stderr, options.progress !== false);

  const fileSha256 = await sha256Of(file);
  const fresh: ImportState = {
    version: 1,
    importId,
    fileSha256,
    doneThrough: 0,
    rows: null,
    completed: false,
  };
  let state = readState(statePath);
  if (state && (state.importId !== importId || state.fileSha256 !== fileSha256)) {
    progress.note(
      `The file or the import id changed since the last run: sending every row (rows already imported change nothing).`,
    );
    state = null;
  }
  if (!state || options.restart) state = { ...fresh };
  const resumedAfterRow = state.doneThrough;

  const request = apiClient({
    baseUrl: options.url,
    key: options.key,
    onRetry: (reason, delayMs) => progress.note(`retrying in ${(delayMs / 1000).toFixed(1)} s (${reason})`),
  });
  const path = `/v1/admin/imports/${encodeURIComponent(importId)}`;
  const created = await request<{ status: string }>('POST', '/v1/admin/imports', {
    importId,
    options: { enrolmentBonus: options.enrolmentBonus ?? false, welcomeEmail: options.welcomeEmail ?? false },
  });
  if (created.status === 409) {
    throw new Fatal(
      `Import "${importId}" exists with other options (enrolment bonus, welcome email); pass the same options, or --import-id.`,
    );
  }
  if (created.status >= 400) throw new ApiError(created.status, created.body, 'Creating the import');
  const serverCompleted = created.body.status === 'completed';
  if (serverCompleted && !state.completed) {
    progress.note(
      `Import "${importId}" is already completed on the server: no rows sent. To import into another one, pass --import-id.`,
    );
    state.completed = true;
  }

  const counts = { sent: 0, imported: 0, alreadyImported: 0, failed: 0 };
  const runErrors: RowError[] = [];
  if (!state.completed) {
    const current = state;
    const reader = readImportFile(file, format);
    const fileBytes = Math.max(1, statSync(file).size);
    const ranges = new Map<number, { last: number; done: boolean }>();
    const inflight = new Set<Promise<void>>();
    let fatal: unknown = null;
    let rowsRead = current.doneThrough;
    let doneRows = 0;
    let chunk: Record<string, unknown>[] = [];
    let chunkFirst = 0;
    let chunkLast = 0;
    let chunkBytes = 16;
    const show = () =>
      progress.update({
        done: doneRows,
        total: Math.max(
          doneRows,
          Math.round((rowsRead * fileBytes) / Math.max(1, reader.bytesRead())) - resumedAfterRow,
        ),
      });

    const finished = (first: number) => {
      ranges.get(first)!.done = true;
      let advanced = false;
      for (
        let next = ranges.get(current.doneThrough + 1);
        next?.done;
        next = ranges.get(current.doneThrough + 1)
      ) {
        ranges.delete(current.doneThrough + 1);
        current.doneThrough = next.last;
        advanced = true;
      }
      if (advanced) saveState(statePath, current);
    };

    const send = async (chunkRows: Record<string, unknown>[], first: number, last: number) => {
      let rows = chunkRows;
      while (rows.length > 0) {
        const answer = await request<{
          imported: number;
          alreadyImported: number;
          failed: number;
          errors: RowError[];
          unprocessed?: number[];
        }>('POST', `${path}/rows`, { rows });
        if (answer.status !== 202) throw new ApiError(answer.status, answer.body, `Rows ${first}–${last}`);
        const unprocessed = new Set(answer.body.unprocessed ?? []);
        counts.sent += rows.length - unprocessed.size;
        counts.imported += answer.body.imported;
        counts.alreadyImported += answer.body.alreadyImported;
        counts.failed += answer.body.failed;
        // Rows the server keeps no error for (another copy of an imported row) are reported from here.
        runErrors.push(...answer.body.errors.filter((error) => error.code === 'idempotency_conflict'));
        // The server ran out of time for some rows (it was busy): they go again, after a breath.
        rows = rows.filter((row) => unprocessed.has(Number(row.row)));
        if (rows.length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      doneRows += last - first + 1;
      finished(first);
      show();
    };

    const dispatch = async () => {
      if (chunkFirst === 0) return;
      while (inflight.size >= concurrency) await Promise.race(inflight);
      if (fatal) return;
      const [rows, first, last] = [chunk, chunkFirst, chunkLast];
      chunk = [];
      chunkFirst = 0;
      chunkBytes = 16;
      ranges.set(first, { last, done: false });
      const sending: Promise<void> = send(rows, first, last)
        .catch((error: unknown) => {
          fatal ??= error;
        })
        .finally(() => inflight.delete(sending));
      inflight.add(sending);
    };

    for await (const item of reader.rows as AsyncIterable<FileRow>) {
      if (fatal) break;
      rowsRead = item.row;
      if (item.row <= current.doneThrough) continue;
      if ('error' in item) {
        runErrors.push({ row: item.row, memberId: null, code: 'invalid_line', detail: item.error });
        counts.failed++;
        if (chunkFirst === 0) chunkFirst = item.row;
        chunkLast = item.row;
        continue;
      }
      const size = Buffer.byteLength(JSON.stringify(item.data), 'utf8') + 1;
      if (chunk.length >= chunkRows || (chunk.length > 0 && chunkBytes + size > maxChunkBytes))
        await dispatch();
      if (chunkFirst === 0) chunkFirst = item.row;
      chunk.push(item.data);
      chunkBytes += size;
      chunkLast = item.row;
      if (chunk.length % 100 === 0) show();
    }
    if (!fatal) await dispatch();
    await Promise.all(inflight);
    if (fatal) {
      progress.finish();
      throw fatal;
    }
    current.rows = rowsRead;
    saveState(statePath, current);
    progress.finish();
    if (options.complete !== false) {
      const completed = await request('POST', `${path}/complete`);
      if (completed.status !== 200)
        throw new ApiError(completed.status, completed.body, 'Completing the import');
      current.completed = true;
      saveState(statePath, current);
    }
  }

  const totals = await request<{ status: string; rows: ImportSummary['totals'] }>('GET', path);
  if (totals.status !== 200) throw new ApiError(totals.status, totals.body, 'Reading the import');
  const byRow = new Map<number, RowError>();
  for (const error of [...(await allErrors(request, importId)), ...runErrors]) {
    if (!byRow.has(error.row)) byRow.set(error.row, error);
  }
  const errors = [...byRow.values()].sort((a, b) => a.row - b.row);
  mkdirSync(dirname(errorsFile), { recursive: true });
  writeFileSync(
    errorsFile,
    stringify(
      errors.map((error) => [error.row, error.memberId ?? '', error.code, error.detail]),
      { header: true, columns: ['row', 'member_id', 'code', 'detail'] },
    ),
  );
  const seconds = (Date.now() - startedMs) / 1000;
  return {
    importId,
    status: totals.body.status,
    rowsInFile: state.rows,
    resumedAfterRow,
    ...counts,
    totals: totals.body.rows,
    errorsFile,
    errorRows: errors.length,
    seconds,
    rowsPerSecond: counts.sent / Math.max(seconds, 0.001),
  };
}

const n = (value: number) => value.toLocaleString('en-US');

export function summaryLines(summary: ImportSummary, url: string): string[] {
  const run =
    summary.sent === 0 && summary.failed === 0
      ? 'nothing to send (every row was sent before)'
      : `sent ${n(summary.sent)} rows in ${summary.seconds.toFixed(1)} s (${n(Math.round(summary.rowsPerSecond))} rows/s): ` +
        `${n(summary.imported)} imported, ${n(summary.alreadyImported)} already imported, ${n(summary.failed)} failed`;
  return [
    `Import "${summary.importId}" at ${url}: ${summary.status}`,
    `  rows in file     ${summary.rowsInFile === null ? 'unknown' : n(summary.rowsInFile)}${summary.resumedAfterRow > 0 ? ` (resumed after row ${n(summary.resumedAfterRow)})` : ''}`,
    `  this run         ${run}`,
    `  import totals    received ${n(summary.totals.received)}, imported ${n(summary.totals.imported)}, failed ${n(summary.totals.failed)}`,
    `  error file       ${summary.errorsFile} (${n(summary.errorRows)} rows)`,
  ];
}

const usage = `Usage: npm run import -- --file members.csv [--url http://127.0.0.1:3000] [--key <admin key>]
  --import-id ID        the import (default: the file name without extension)
  --format csv|jsonl    default: by extension (.jsonl, .ndjson: JSON lines; else CSV)
  --concurrency N       chunks in flight at once (default 4)
  --chunk-rows N        rows per chunk, at most 1000 (default 1000)
  --state-dir DIR       where the resume state and the error file go (default: next to the file)
  --errors FILE         the error file (default: <file>.errors.csv in the state dir)
  --restart             send every row again, ignoring the resume state
  --no-complete         leave the import open
  --enrolment-bonus     credit the programme's enrolment bonus to imported members
  --welcome-email       send imported members with an email the welcome email
  --no-progress         no progress bar
  --json                print the summary as JSON
The key may also come from JIFEN_KEY (or LOYALTY_ADMIN_KEY), the URL from JIFEN_URL.`;

async function main() {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      url: { type: 'string' },
      key: { type: 'string' },
      'import-id': { type: 'string' },
      format: { type: 'string' },
      concurrency: { type: 'string' },
      'chunk-rows': { type: 'string' },
      'state-dir': { type: 'string' },
      errors: { type: 'string' },
      restart: { type: 'boolean' },
      'no-complete': { type: 'boolean' },
      'enrolment-bonus': { type: 'boolean' },
      'welcome-email': { type: 'boolean' },
      'no-progress': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const url = values.url ?? process.env.JIFEN_URL ?? 'http://127.0.0.1:3000';
  const key = values.key ?? process.env.JIFEN_KEY ?? process.env.LOYALTY_ADMIN_KEY;
  if (values.help || !values.file || !key) {
    console.error(usage);
    process.exit(values.help ? 0 : 2);
  }
  if (values.format && values.format !== 'csv' && values.format !== 'jsonl')
    throw new Fatal('--format is csv or jsonl.');
  const summary = await runImport({
    file: values.file,
    url,
    key,
    importId: values['import-id'],
    format: values.format as 'csv' | 'jsonl' | undefined,
    concurrency: values.concurrency ? Number(values.concurrency) : undefined,
    chunkRows: values['chunk-rows'] ? Number(values['chunk-rows']) : undefined,
    stateDir: values['state-dir'],
    errorsFile: values.errors,
    restart: values.restart,
    complete: !values['no-complete'],
    enrolmentBonus: values['enrolment-bonus'],
    welcomeEmail: values['welcome-email'],
    progress: !values['no-progress'],
  });
  console.log(values.json ? JSON.stringify(summary) : summaryLines(summary, url).join('\n'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`import failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
