/** What a redemption writes beside the member's account: holds run out, the reward's stock and coupon, the spend entry. */
import { CouponStatus, OperationKind, RedemptionStatus } from '../../core/records.js';
import { type AccountState, endHold } from '../../domain/account.js';
import { EntryType, type LedgerEntry } from '../../domain/ledgerEntry.js';
import type { Program } from '../../domain/program.js';
import type { RecordWrite } from '../../ports/LedgerStore.js';
import { newCouponCode } from './coupons.js';
import {
  attribution,
  type CouponData,
  catalog,
  couponScope,
  type RedemptionData,
  type RedemptionsDeps,
  type RewardData,
  redemptionRecord,
  releaseEntry,
} from './records.js';
import type { RedemptionBody } from './schemas.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** Voids the account's holds that ran out, in the same transaction as whatever comes next. */
export async function expiredHoldRelease(deps: RedemptionsDeps, account: AccountState, nowMs: number) {
  let next = account;
  const records: RecordWrite[] = [];
  const entries: LedgerEntry[] = [];
  for (const [key, hold] of Object.entries(account.holds ?? {})) {
    if (hold.untilMs > nowMs) continue;
    const [partnerId = '', redemptionId = ''] = key.split(':');
    const record = await deps.ledger.getRecord(OperationKind.redemption, partnerId, redemptionId);
    next = endHold(next, key, 'void');
    if (!record) continue;
    const data = record.data;
    records.push({
      mode: 'transition',
      fromStatus: RedemptionStatus.held,
      record: redemptionRecord({ ...data, status: RedemptionStatus.voided }),
    });
    entries.push(releaseEntry(data, nowMs, 'Hold expired and was voided'));
  }
  return { account: next, records, entries };
}

/** A reward's writes: a unit of its stock taken (when it has a stock), and the coupon it issues. */
export function rewardWrites(
  reward: RewardData,
  at: { memberId: string; partnerId: string; body: RedemptionBody; program: Program; nowMs: number },
): { records: RecordWrite[]; coupon: RedemptionData['coupon']; stockTaken: boolean } {
  const records: RecordWrite[] = [];
  const stockTaken = reward.stock !== null && reward.stock !== undefined;
  if (stockTaken) {
    records.push({
      mode: 'decrement',
      kind: OperationKind.reward,
      scope: catalog,
      id: reward.rewardId,
      field: 'stock',
    });
  }
  if (reward.kind !== 'coupon' || !reward.coupon) return { records, coupon: null, stockTaken };
  const coupon = {
    code: newCouponCode(),
    valueFen: reward.coupon.value,
    expiresAt: iso(at.nowMs + reward.coupon.validDays * 86_400_000),
  };
  const couponData: CouponData = {
    status: CouponStatus.issued,
    code: coupon.code,
    memberId: at.memberId,
    partnerId: at.partnerId,
    redemptionId: at.body.redemptionId,
    valueFen: coupon.valueFen,
    currency: at.program.currency,
    expiresAt: coupon.expiresAt,
    usedAt: null,
    usedBy: null,
  };
  records.push({
    mode: 'create',
    record: { kind: OperationKind.coupon, scope: couponScope, id: coupon.code, data: { ...couponData } },
  });
  return { records, coupon, stockTaken };
}

export function spendEntry(
  data: RedemptionData,
  reward: RewardData | null,
  hold: boolean,
  nowMs: number,
): LedgerEntry {
  return {
    memberId: data.memberId,
    transactionId: data.transactionId,
    type: hold ? EntryType.hold : EntryType.redeem,
    points: -data.points,
    createdAt: iso(nowMs),
    occurredAt: iso(nowMs),
    reference: `redemption:${data.redemptionId}`,
    description: reward ? `Reward: ${reward.name}` : `Paid ${data.points} points at ${data.storeId}`,
    ...attribution(data),
  };
}
