import { DynamoLedgerStore } from '../adapters/dynamodb/DynamoLedgerStore.js';
import { DynamoPartnerStore } from '../adapters/dynamodb/DynamoPartnerStore.js';
import { businessClock } from '../core/clock.js';
import { OperationKind } from '../core/records.js';
import { ensureAdminKey } from '../features/partners/keys.js';
import { StoredProgramSource } from '../features/program/versions.js';
import type { RewardData } from '../features/redemptions/records.js';
import { storeOverride } from './adapters.js';

/** CONTRACT §4: the reward catalogue of the reference programme. */
export const referenceRewards: readonly RewardData[] = [
  {
    rewardId: 'coupon-10',
    name: '10 CNY coupon',
    pointsCost: 1000,
    kind: 'coupon',
    stock: null,
    minTier: null,
    coupon: { value: 1000, validDays: 90 },
    status: 'active',
  },
  {
    rewardId: 'coffee',
    name: 'Free coffee',
    pointsCost: 300,
    kind: 'item',
    stock: 100,
    minTier: null,
    status: 'active',
  },
  {
    rewardId: 'lounge',
    name: 'Lounge access',
    pointsCost: 2000,
    kind: 'service',
    stock: 10,
    minTier: 'gold',
    status: 'active',
  },
];

/**
 * First-start seeding, idempotent: the operator partner with its admin key, the reference
 * programme and its rewards (each only if missing). Used by the local runtime on every start
 * and by `npm run admin:create-key` against AWS.
 */
export async function seed(options: { adminKey: string; withReferenceProgramme?: boolean }): Promise<void> {
  // The stores a test put under the handlers (shared/wiring/memory.ts), else the table's.
  const stores = storeOverride();
  await ensureAdminKey(stores?.partners ?? new DynamoPartnerStore(), businessClock, options.adminKey);
  if (options.withReferenceProgramme === false) return;
  const ledger = stores?.ledger ?? new DynamoLedgerStore();
  await new StoredProgramSource(ledger, businessClock).ensureSeeded();
  for (const reward of referenceRewards) {
    await ledger.createRecord({
      kind: OperationKind.reward,
      scope: 'catalog',
      id: reward.rewardId,
      data: { ...reward },
    });
  }
}
