/** The records of redemptions, rewards and coupons: their data, statuses and scopes. */
import type { Clock } from '../../core/clock.js';
import {
  type CouponStatus,
  OperationKind,
  type OperationRecord,
  type RedemptionStatus,
  type StatusOf,
} from '../../core/records.js';
import { EntryType, type LedgerEntry } from '../../domain/ledgerEntry.js';
import type { Lots } from '../../domain/lots.js';
import type { LedgerStore } from '../../ports/LedgerStore.js';
import type { StoreDirectory } from '../../ports/PartnerStore.js';
import type { ProgramSource } from '../../ports/ProgramSource.js';
import type { RewardBody } from './schemas.js';

const iso = (ms: number) => new Date(ms).toISOString();

export interface RedemptionsDeps {
  readonly ledger: LedgerStore;
  readonly programs: ProgramSource;
  readonly clock: Clock;
  /** The partners' store registries (`stores.requireRegistered`). */
  readonly partners: StoreDirectory;
}

declare module '../../core/records.js' {
  interface RecordDataByKind {
    REWARD: RewardData;
    COUPON: CouponData;
    REDEMPTION: RedemptionData;
  }
}

export interface RewardData extends RewardBody {
  readonly rewardId: string;
  readonly status: StatusOf<'REWARD'>;
}

export interface CouponData {
  readonly status: CouponStatus;
  readonly code: string;
  readonly memberId: string;
  readonly partnerId: string;
  readonly redemptionId: string;
  readonly valueFen: number;
  readonly currency: string;
  readonly expiresAt: string;
  readonly usedAt: string | null;
  readonly usedBy: { readonly partnerId: string; readonly storeId: string; readonly orderId: string } | null;
}

export interface RedemptionData {
  readonly status: RedemptionStatus;
  readonly partnerId: string;
  readonly redemptionId: string;
  readonly memberId: string;
  readonly storeId: string;
  readonly rewardId: string | null;
  readonly points: number;
  readonly valueFen: number | null;
  readonly currency: string;
  readonly taken: Lots;
  readonly holdUntil: string | null;
  readonly coupon: { readonly code: string; readonly valueFen: number; readonly expiresAt: string } | null;
  /** The redemption took a unit of the reward's stock (absent on redemptions from before it was kept). */
  readonly stockTaken?: boolean;
  readonly fingerprint: string;
  readonly request: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly transactionId: string;
}

/** Record scopes: the reward catalogue, and coupons (by code, whoever issued them). */
export const catalog = 'catalog';
export const couponScope = 'all';
/**
 * The issuer of the programme's own coupons (birthday gifts): `partnerId` of such a coupon. No
 * partner may be created with this id (features/partners/partners.ts).
 */
export const programmeIssuer = 'programme';

/** A coupon the programme issued (not a partner's redemption): it is read and used at any partner. */
export const isProgrammeCoupon = (data: Pick<CouponData, 'partnerId'>) => data.partnerId === programmeIssuer;

export const redemptionRecord = (data: RedemptionData): OperationRecord => ({
  kind: OperationKind.redemption,
  scope: data.partnerId,
  id: data.redemptionId,
  data: data,
});

export const holdKey = (partnerId: string, redemptionId: string) => `${partnerId}:${redemptionId}`;

export function releaseEntry(data: RedemptionData, nowMs: number, description: string): LedgerEntry {
  return {
    memberId: data.memberId,
    transactionId: `release-${data.partnerId}-${data.redemptionId}`,
    type: EntryType.release,
    points: data.points,
    createdAt: iso(nowMs),
    occurredAt: iso(nowMs),
    reference: `redemption:${data.redemptionId}`,
    description,
    reverses: data.transactionId,
    ...attribution(data),
  };
}

/** Who a redemption's entries belong to: its partner, store and reward (daily figures, settlement). */
export function attribution(data: RedemptionData) {
  return {
    partnerId: data.partnerId,
    storeId: data.storeId,
    ...(data.rewardId ? { rewardId: data.rewardId } : {}),
  };
}
