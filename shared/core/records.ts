/**
 * Operation records: a business operation's own record (a purchase, refund, redemption, activity,
 * coupon, …), keyed by the caller's operation id so that it is written at most once.
 *
 * Each kind has its statuses (below) and its data type. A feature declares the data of its kinds
 * by adding them to `RecordDataByKind` where it defines them:
 *
 *     declare module '../core/records.js' {
 *       interface RecordDataByKind { PURCHASE: PurchaseData }
 *     }
 *
 * so that a store's `getRecord(OperationKind.purchase, …)` answers an `OperationRecord<'PURCHASE'>`
 * whose `data` is a `PurchaseData`, with no cast in the use case.
 */
export const OperationKind = {
  purchase: 'PURCHASE',
  refund: 'REFUND',
  redemption: 'REDEMPTION',
  activity: 'ACTIVITY',
  coupon: 'COUPON',
  reward: 'REWARD',
  program: 'PROGRAM',
  expiry: 'EXPIRY',
  tierChange: 'TIERCHANGE',
  notification: 'NOTIFY',
  config: 'CONFIG',
  memberCode: 'MEMBERCODE',
  codeGuard: 'CODEGUARD',
  adjustment: 'ADJUSTMENT',
  /** Once-a-year gifts (birthday coupons), by member: the marker that makes each one once. */
  gift: 'GIFT',
} as const;
export type OperationKind = (typeof OperationKind)[keyof typeof OperationKind];

export const PurchaseStatus = { accepted: 'accepted', credited: 'credited', rejected: 'rejected' } as const;
export const RefundStatus = { completed: 'completed' } as const;
export const RedemptionStatus = {
  held: 'held',
  completed: 'completed',
  voided: 'voided',
  reversed: 'reversed',
} as const;
export const ActivityStatus = { credited: 'credited' } as const;
export const CouponStatus = { issued: 'issued', used: 'used', expired: 'expired', voided: 'voided' } as const;
export const RewardStatus = { active: 'active' } as const;
export const ProgramStatus = { published: 'published' } as const;
export const ExpiryStatus = { expired: 'expired' } as const;
export const TierChangeStatus = { changed: 'changed' } as const;
export const NotificationStatus = { pending: 'pending', sent: 'sent', skipped: 'skipped' } as const;
export const ConfigStatus = { active: 'active' } as const;
export const MemberCodeStatus = { issued: 'issued', used: 'used' } as const;
export const AdjustmentStatus = {
  applied: 'applied',
  pendingApproval: 'pending_approval',
  rejected: 'rejected',
} as const;
export const GiftStatus = { issued: 'issued' } as const;

/**
 * A code guard's status is its version (`v1`, `v2`, …), so that every update is conditional on
 * the state it read.
 */
export const codeGuardStatus = (version: number) => `v${version}` as const;

/** The statuses of each kind. */
export const RecordStatus = {
  [OperationKind.purchase]: PurchaseStatus,
  [OperationKind.refund]: RefundStatus,
  [OperationKind.redemption]: RedemptionStatus,
  [OperationKind.activity]: ActivityStatus,
  [OperationKind.coupon]: CouponStatus,
  [OperationKind.reward]: RewardStatus,
  [OperationKind.program]: ProgramStatus,
  [OperationKind.expiry]: ExpiryStatus,
  [OperationKind.tierChange]: TierChangeStatus,
  [OperationKind.notification]: NotificationStatus,
  [OperationKind.config]: ConfigStatus,
  [OperationKind.memberCode]: MemberCodeStatus,
  [OperationKind.adjustment]: AdjustmentStatus,
  [OperationKind.gift]: GiftStatus,
} as const satisfies Record<Exclude<OperationKind, 'CODEGUARD'>, Readonly<Record<string, string>>>;

/** A status of records of kind `K`. */
export type StatusOf<K extends OperationKind> = K extends keyof typeof RecordStatus
  ? (typeof RecordStatus)[K][keyof (typeof RecordStatus)[K]]
  : ReturnType<typeof codeGuardStatus>;

export type PurchaseStatus = StatusOf<'PURCHASE'>;
export type RedemptionStatus = StatusOf<'REDEMPTION'>;
export type CouponStatus = StatusOf<'COUPON'>;
export type NotificationStatus = StatusOf<'NOTIFY'>;
export type MemberCodeStatus = StatusOf<'MEMBERCODE'>;
export type AdjustmentStatus = StatusOf<'ADJUSTMENT'>;

/**
 * The data of each kind, filled in by the features that define them (see above). A kind no
 * feature declared holds a status and whatever else it was written with.
 */
// biome-ignore lint/suspicious/noEmptyInterface: features add their kinds by declaration merging
export interface RecordDataByKind {}

export type RecordData<K extends OperationKind> = K extends keyof RecordDataByKind
  ? RecordDataByKind[K]
  : { readonly status: StatusOf<K> } & Readonly<Record<string, unknown>>;

/** A record of kind `K` (of any kind, without `K`: a union its `kind` tells apart). */
export type OperationRecord<K extends OperationKind = OperationKind> = K extends OperationKind
  ? {
      readonly kind: K;
      /** Scope of the id: the partner for partner operations, the member for member-wide ones. */
      readonly scope: string;
      readonly id: string;
      readonly data: RecordData<K>;
    }
  : never;

/** Whether `record` is of kind `kind` (an `OperationExists` carries a record of any kind of its change). */
export function isRecordOf<K extends OperationKind>(
  record: OperationRecord | null | undefined,
  kind: K,
): record is OperationRecord<K> {
  return record?.kind === kind;
}
