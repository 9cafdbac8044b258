/** Every minute: payment holds not captured in time are voided (their points back). */
import { getRedemption } from '../features/redemptions/holds.js';
import { type Job, pageSize } from './types.js';

export const releaseHolds: Job = {
  name: 'release-holds',
  schedule: {
    cron: '* * * * ? *',
    description: 'Voids payment holds not captured in time',
    everyMinute: true,
  },
  runKey: (asOfMs) => new Date(asOfMs).toISOString().slice(0, 16),
  async page(deps, run, shard, cursor) {
    const page = await deps.jobs.expiredHolds(shard, run.asOf, pageSize, cursor);
    return { keys: page.items.map((hold) => `${hold.partnerId}/${hold.redemptionId}`), next: page.next };
  },
  async work(deps, _run, key) {
    const [partnerId = '', redemptionId = ''] = key.split('/');
    // Reading a hold past its time voids it (once; a second read finds it voided).
    await getRedemption(deps, { partnerId, keyId: 'job', scopes: [] }, redemptionId);
  },
};
