/** Every minute: accepted purchases whose accrual message was lost go to the queue again. */
import { resendAcceptedPurchase, resendAfterMs } from '../features/purchases/accept.js';
import { type Job, pageSize } from './types.js';

export const resendPurchases: Job = {
  name: 'resend-purchases',
  schedule: {
    cron: '* * * * ? *',
    description: 'Sends accepted purchases that lost their accrual message to the queue again',
    everyMinute: true,
  },
  runKey: (asOfMs) => new Date(asOfMs).toISOString().slice(0, 16),
  async page(deps, run, shard, cursor) {
    const before = new Date(Date.parse(run.asOf) - resendAfterMs).toISOString();
    const page = await deps.jobs.staleAcceptedPurchases(shard, before, pageSize, cursor);
    return { keys: [...page.items], next: page.next };
  },
  async work(deps, _run, key) {
    const [partnerId = '', purchaseId = ''] = key.split('/');
    await resendAcceptedPurchase(deps, partnerId, purchaseId);
  },
};
