/**
 * Birthday gifts: the daily `birthday-gifts` job finds, in the sparse `birthdays` index, the
 * members whose birthday is the programme's `birthdayGift.daysBefore` days ahead, and issues each
 * one the gift's coupon with its email. The gift's marker (a record of the member, `birthday-<year>`),
 * the coupon and the notification are written in one transaction, the marker only if absent: a
 * member gets one gift per birthday year, however often the job runs or its messages are redelivered.
 */

import { Conflict, ErrorCode } from '../../core/errors.js';
import { CouponStatus, GiftStatus, OperationKind, type StatusOf } from '../../core/records.js';
import { birthdayOn, giftCouponUntilMs, giftDay } from '../../domain/rules/birthday.js';
import { type LedgerChange, OperationExists, StaleRecord } from '../../ports/LedgerStore.js';
import { type NotificationDeps, notificationRecord } from '../notifications/emails.js';
import { newCouponCode } from '../redemptions/coupons.js';
import { type CouponData, catalog, couponScope, programmeIssuer } from '../redemptions/records.js';

/** The marker of one member's gift of one year: what was given, and the coupon it was given as. */
export interface GiftData {
  readonly status: StatusOf<'GIFT'>;
  readonly memberId: string;
  /** The birthday it is for (`YYYY-MM-DD` in the programme time zone). */
  readonly birthday: string;
  readonly rewardId: string;
  readonly couponCode: string;
  readonly issuedAt: string;
}

declare module '../../core/records.js' {
  interface RecordDataByKind {
    GIFT: GiftData;
  }
}

/** The gift due to the member as of `asOfMs`, or null when there is none to issue. */
async function giftDue(deps: NotificationDeps, memberId: string, asOfMs: number) {
  const program = await deps.programs.at(asOfMs);
  const gift = program.birthdayGift;
  if (!gift) return null;
  const day = giftDay(asOfMs, gift.daysBefore, program.timeZone);
  const found = await deps.members.getMember(memberId);
  if (found?.profile.status !== 'active' || found.account.status !== 'active') return null;
  if (!birthdayOn(found.profile.birthday, day)) return null;
  const giftId = `birthday-${day.year}`;
  if (await deps.ledger.getRecord(OperationKind.gift, memberId, giftId)) return null;
  return { program, gift, day, giftId };
}

type GiftDue = NonNullable<Awaited<ReturnType<typeof giftDue>>>;

/** The gift's reward, which must be a coupon of the catalogue. */
async function giftReward(deps: NotificationDeps, rewardId: string) {
  const rewardRecord = await deps.ledger.getRecord(OperationKind.reward, catalog, rewardId);
  const reward = rewardRecord?.data;
  if (reward?.kind !== 'coupon' || !reward.coupon) {
    throw new Error(`The birthday gift's reward "${rewardId}" is not a coupon of the catalogue`);
  }
  return { ...reward, coupon: reward.coupon };
}

type GiftReward = Awaited<ReturnType<typeof giftReward>>;

/** The member's email of the gift, with its coupon. */
function giftNotice(memberId: string, due: GiftDue, coupon: CouponData, untilMs: number, nowMs: number) {
  return notificationRecord(
    memberId,
    due.giftId,
    {
      kind: 'birthdayGift',
      daysBefore: due.gift.daysBefore,
      couponCode: coupon.code,
      valueFen: coupon.valueFen,
      expiresAtMs: untilMs,
    },
    nowMs,
  );
}

/**
 * What issuing the gift writes: the programme's settlement fact, the gift's marker, the coupon,
 * the notification and a unit of the reward's stock (when it has one).
 */
function giftWrites(
  memberId: string,
  due: GiftDue,
  reward: GiftReward,
  coupon: CouponData,
  untilMs: number,
  nowMs: number,
): Pick<LedgerChange, 'facts' | 'records'> {
  const { gift, day, giftId } = due;
  return {
    // The programme issues it: a settlement fact (the programme_coupons line), written once with the coupon.
    facts: [
      {
        factId: `coupon-${coupon.code}-issued`,
        kind: 'programme_coupon.issued',
        at: new Date(nowMs).toISOString(),
        memberId,
        valueFen: coupon.valueFen,
      },
    ],
    records: [
      {
        mode: 'create',
        record: {
          kind: OperationKind.gift,
          scope: memberId,
          id: giftId,
          data: {
            status: GiftStatus.issued,
            memberId,
            birthday: day.day,
            rewardId: gift.rewardId,
            couponCode: coupon.code,
            issuedAt: new Date(nowMs).toISOString(),
          },
        },
      },
      {
        mode: 'create',
        record: { kind: OperationKind.coupon, scope: couponScope, id: coupon.code, data: { ...coupon } },
      },
      { mode: 'create', record: giftNotice(memberId, due, coupon, untilMs, nowMs) },
      ...(reward.stock !== null
        ? [
            {
              mode: 'decrement' as const,
              kind: OperationKind.reward,
              scope: catalog,
              id: gift.rewardId,
              field: 'stock',
            },
          ]
        : []),
    ],
  };
}

/**
 * Issues the member's birthday gift for the birthday `daysBefore` days after `asOfMs`, unless it
 * was issued already or the member's birthday is not that day; true when it issued one.
 */
export async function issueBirthdayGift(
  deps: NotificationDeps,
  memberId: string,
  asOfMs: number,
): Promise<boolean> {
  const due = await giftDue(deps, memberId, asOfMs);
  if (!due) return false;
  const { program, gift, giftId } = due;
  const reward = await giftReward(deps, gift.rewardId);
  const nowMs = deps.clock.nowMs();
  const untilMs = giftCouponUntilMs(nowMs, reward.coupon.validDays, due.day, program.timeZone);
  const coupon: CouponData = {
    status: CouponStatus.issued,
    code: newCouponCode(),
    memberId,
    partnerId: programmeIssuer,
    redemptionId: `gift-${memberId}-${giftId}`,
    valueFen: reward.coupon.value,
    currency: program.currency,
    expiresAt: new Date(untilMs).toISOString(),
    usedAt: null,
    usedBy: null,
  };
  try {
    await deps.ledger.commit({
      accounts: [],
      entries: [],
      ...giftWrites(memberId, due, reward, coupon, untilMs, nowMs),
    });
    return true;
  } catch (error) {
    if (error instanceof OperationExists) return false;
    // Out of stock: the work fails (the run shows it); restock, and run the day again.
    if (error instanceof StaleRecord) {
      throw new Conflict(
        ErrorCode.rewardOutOfStock,
        `The birthday gift's reward "${gift.rewardId}" is out of stock.`,
      );
    }
    throw error;
  }
}
