/**
 * `npm run bench`: the Lambda bundles (sizes, cold starts), the accrual path, the expiry job and the
 * bulk import, against `npm start` in its own process.
 *   BENCH_ONLY=bundles|accrual|expiry|aggregates|import   BENCH_COLD_STARTS,   BENCH_MEMBERS, BENCH_PURCHASES, BENCH_CLIENTS,
 *   BENCH_EXPIRY_MEMBERS, BENCH_IMPORT_MEMBERS, BENCH_AGGREGATE_EVENTS
 */
import { benchAccrual } from './accrual.js';
import { benchAggregates } from './aggregates.js';
import { benchBundles } from './bundles.js';
import { benchExpiry } from './expiry.js';
import { startRuntime } from './harness.js';
import { benchImport } from './import.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const only = process.env.BENCH_ONLY;

const runtime = await startRuntime();
try {
  // First: a job starter's cold starts start a job (release-holds) that finds nothing to release in an empty table.
  if (!only || only === 'bundles') console.log((await benchBundles(runtime)).join('\n'));
  if (!only || only === 'accrual') console.log((await benchAccrual(runtime)).join('\n'));
  if (!only || only === 'expiry') console.log((await benchExpiry(runtime)).join('\n'));
  if (!only || only === 'aggregates') console.log((await benchAggregates(runtime)).join('\n'));
  // Last: its members (with 2025 lots) must not be in the table the expiry job runs over.
  if (!only || only === 'import') console.log((await benchImport(runtime)).join('\n'));
} finally {
  await runtime.stop();
}
