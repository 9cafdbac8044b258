/** The reward catalogue (GET /v1/rewards, PUT /v1/rewards/{rewardId}). */

import type { Actor } from '../../core/caller.js';
import { ValidationFailed } from '../../core/errors.js';
import { OperationKind } from '../../core/records.js';
import { AuditAction, auditEntry } from '../../domain/audit.js';
import { catalog, type RedemptionsDeps, type RewardData } from './records.js';
import type { RewardBody } from './schemas.js';
import { rewardView } from './views.js';

export async function listRewards(deps: RedemptionsDeps) {
  const records = await deps.ledger.listRecords(OperationKind.reward, catalog);
  return {
    items: records
      .map((record) => rewardView(record.data))
      .sort((a, b) => a.pointsCost - b.pointsCost || a.rewardId.localeCompare(b.rewardId)),
  };
}

export async function putReward(deps: RedemptionsDeps, actor: Actor, rewardId: string, body: RewardBody) {
  const program = await deps.programs.current();
  if (body.minTier !== null && !program.tiers.some((tier) => tier.code === body.minTier)) {
    throw new ValidationFailed([
      { path: 'minTier', message: `Not a tier of the programme: ${body.minTier}.` },
    ]);
  }
  if (body.kind === 'coupon' && !body.coupon) {
    throw new ValidationFailed([
      { path: 'coupon', message: 'A coupon reward needs its value and validity.' },
    ]);
  }
  const existing = await deps.ledger.getRecord(OperationKind.reward, catalog, rewardId);
  const data: RewardData = { ...body, rewardId, status: 'active' };
  await deps.ledger.commit({
    accounts: [],
    entries: [],
    records: [
      {
        mode: 'put',
        record: { kind: OperationKind.reward, scope: catalog, id: rewardId, data: { ...data } },
      },
    ],
    audit: [
      auditEntry(actor, AuditAction.rewardSaved, `reward:${rewardId}`, deps.clock.nowMs(), {
        pointsCost: body.pointsCost,
        stock: body.stock,
        created: existing === null,
      }),
    ],
  });
  return { created: existing === null, reward: rewardView(data) };
}
