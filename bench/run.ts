/**
 * `npm run bench`: the accrual path and the expiry job, against `npm start` in its own process.
 *   BENCH_ONLY=accrual|expiry   BENCH_MEMBERS, BENCH_PURCHASES, BENCH_CLIENTS, BENCH_EXPIRY_MEMBERS
 */
import { benchAccrual } from './accrual.js';
import { benchExpiry } from './expiry.js';
import { startRuntime } from './harness.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const only = process.env.BENCH_ONLY;

const runtime = await startRuntime();
try {
  if (only !== 'expiry') console.log((await benchAccrual(runtime)).join('\n'));
  if (only !== 'accrual') console.log((await benchExpiry(runtime)).join('\n'));
} finally {
  await runtime.stop();
}
