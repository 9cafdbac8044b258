/** Coupons (GET /v1/coupons/{code}, POST /v1/coupons/{code}/use): used once, at the issuer's stores. */
import { randomBytes } from 'node:crypto';
import { assertStore, type Caller } from '../../core/caller.js';
import { Conflict, ErrorCode, NotFound } from '../../core/errors.js';
import { fingerprint } from '../../core/fingerprint.js';
import { CouponStatus, OperationKind } from '../../core/records.js';
import { grants, Scope } from '../../core/scopes.js';
import type { ClearingFact } from '../../ports/LedgerStore.js';
import { transitionRecord } from '../ledger/transaction.js';
import { assertKnownStore } from '../partners/knownStore.js';
import { type CouponData, couponScope, isProgrammeCoupon, type RedemptionsDeps } from './records.js';
import { couponView } from './views.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function newCouponCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(randomBytes(12), (byte) => alphabet[byte % alphabet.length]).join('');
}

/**
 * A coupon belongs to the partner whose redemption issued it: it is read and used at that
 * partner's stores (404 for any other partner), like every operation of the coalition. The
 * programme's own coupons (birthday gifts) are the programme's: any partner's till reads and uses them.
 */
async function loadCoupon(deps: RedemptionsDeps, caller: Caller, code: string) {
  const record = await deps.ledger.getRecord(OperationKind.coupon, couponScope, code);
  const data = record?.data;
  const mayUse = (coupon: CouponData) =>
    coupon.partnerId === caller.partnerId || isProgrammeCoupon(coupon) || grants(caller.scopes, Scope.admin);
  if (!data || !mayUse(data)) {
    throw new NotFound(`Coupon "${code}"`);
  }
  return data;
}

export async function getCoupon(deps: RedemptionsDeps, caller: Caller, code: string) {
  return couponView(await loadCoupon(deps, caller, code), deps.clock.nowMs());
}

/** Uses a coupon once; the same store and order asking again gets the same answer. */
export async function useCoupon(
  deps: RedemptionsDeps,
  caller: Caller,
  code: string,
  order: { storeId: string; orderId: string },
) {
  assertStore(caller, order.storeId);
  const data = await loadCoupon(deps, caller, code);
  const nowMs = deps.clock.nowMs();
  const usedBy = { partnerId: caller.partnerId, ...order };
  const sameUse = (current: CouponData) =>
    current.status === CouponStatus.used && fingerprint(current.usedBy) === fingerprint(usedBy);
  if (sameUse(data)) return couponView(data, nowMs);
  if (data.status === CouponStatus.used) {
    throw new Conflict(ErrorCode.couponAlreadyUsed, `Coupon "${code}" was already used.`);
  }
  await assertKnownStore(deps.partners, await deps.programs.current(), caller.partnerId, order.storeId);
  const view = couponView(data, nowMs);
  if (view.status !== CouponStatus.issued) {
    throw new Conflict(ErrorCode.invalidState, `Coupon "${code}" is ${view.status}.`);
  }
  const used: CouponData = { ...data, status: CouponStatus.used, usedAt: iso(nowMs), usedBy };
  const record = { kind: OperationKind.coupon, scope: couponScope, id: code, data: { ...used } };
  // The programme pays for its own coupons: the use is a settlement fact of the using partner.
  const facts: ClearingFact[] = isProgrammeCoupon(data)
    ? [
        {
          factId: `coupon-${code}-used`,
          kind: 'programme_coupon.used',
          at: iso(nowMs),
          memberId: data.memberId,
          valueFen: data.valueFen,
          partnerId: caller.partnerId,
          storeId: order.storeId,
        },
      ]
    : [];
  if (!(await transitionRecord(deps.ledger, record, CouponStatus.issued, facts))) {
    const current = await loadCoupon(deps, caller, code);
    if (sameUse(current)) return couponView(current, nowMs);
    throw new Conflict(ErrorCode.couponAlreadyUsed, `Coupon "${code}" was already used.`);
  }
  return couponView(used, nowMs);
}
