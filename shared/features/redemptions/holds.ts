/**
 * A redemption moved on (POST /v1/redemptions/{id}/capture, /void, /reverse) and read
 * (GET /v1/redemptions/{id}): a hold captured or voided, a completed redemption reversed with its
 * points, stock and coupon back.
 */

import { assertStore, type Caller } from '../../core/caller.js';
import { Conflict, ErrorCode, NotFound } from '../../core/errors.js';
import { CouponStatus, OperationKind, RedemptionStatus } from '../../core/records.js';
import { type AccountState, endHold, restorePoints, settleAccount } from '../../domain/account.js';
import { EntryType, type LedgerEntry } from '../../domain/ledgerEntry.js';
import { type Transition, transitionStep } from '../../domain/redemptionTransitions.js';
import { type RecordWrite, StaleRecord } from '../../ports/LedgerStore.js';
import { withOptimisticRetry } from '../ledger/transaction.js';
import {
  attribution,
  catalog,
  couponScope,
  holdKey,
  type RedemptionData,
  type RedemptionsDeps,
  redemptionRecord,
  releaseEntry,
} from './records.js';
import { redemptionView } from './views.js';

const iso = (ms: number) => new Date(ms).toISOString();

async function loadRedemption(deps: RedemptionsDeps, caller: Caller, redemptionId: string) {
  const record = await deps.ledger.getRecord(OperationKind.redemption, caller.partnerId, redemptionId);
  if (!record) throw new NotFound(`Redemption "${redemptionId}"`);
  const data = record.data;
  assertStore(caller, data.storeId);
  return data;
}

type Asked = Exclude<Transition, 'expire'>;

const pastTense: Record<Asked, string> = { capture: 'captured', void: 'voided', reverse: 'reversed' };

/** The account after the step, and the records and entries it writes beside it. */
async function stepWrites(
  deps: RedemptionsDeps,
  data: RedemptionData,
  account: AccountState,
  step: { readonly action: Transition; readonly target: RedemptionStatus },
  nowMs: number,
) {
  const { action, target } = step;
  const next =
    action === 'reverse'
      ? restorePoints(account, data.taken)
      : endHold(
          account,
          holdKey(data.partnerId, data.redemptionId),
          action === 'capture' ? 'capture' : 'void',
        );
  const records: RecordWrite[] = [
    { mode: 'transition', fromStatus: data.status, record: redemptionRecord({ ...data, status: target }) },
  ];
  const entries: LedgerEntry[] = [];
  if (action === 'void' || action === 'expire') {
    entries.push(
      releaseEntry(data, nowMs, action === 'void' ? 'Hold voided' : 'Hold expired and was voided'),
    );
  } else if (action === 'reverse') {
    const reversal = await reversalWrites(deps, data, nowMs);
    entries.push(reversal.entry);
    records.push(...reversal.records);
  }
  return { next, records, entries };
}

/**
 * Moves a redemption on: capture or void a hold, reverse a completed redemption. Doing the same
 * again returns the same result; anything else from the current state is `invalid_state`.
 * A hold past its time is voided, whatever was asked (domain/redemptionTransitions.ts).
 */
async function transition(
  deps: RedemptionsDeps,
  caller: Caller,
  redemptionId: string,
  wanted: Asked,
): Promise<ReturnType<typeof redemptionView>> {
  return withOptimisticRetry(async () => {
    const data = await loadRedemption(deps, caller, redemptionId);
    const nowMs = deps.clock.nowMs();
    const step = transitionStep(data.status, data.holdUntil, wanted, nowMs);
    if (step.kind === 'arrived') return redemptionView(data);
    if (step.kind === 'refused') {
      throw new Conflict(
        ErrorCode.invalidState,
        `Redemption "${redemptionId}" is ${data.status}; it cannot be ${pastTense[wanted]}.`,
      );
    }
    const stored = await deps.ledger.getAccount(data.memberId);
    if (!stored) throw new NotFound(`Member "${data.memberId}"`);
    const { next, records, entries } = await stepWrites(
      deps,
      data,
      settleAccount(stored, nowMs),
      step,
      nowMs,
    );
    try {
      await deps.ledger.commit({ accounts: [{ next, expectedVersion: stored.version }], records, entries });
    } catch (error) {
      if (error instanceof StaleRecord) return transition(deps, caller, redemptionId, wanted);
      throw error;
    }
    if (step.action === 'expire' && wanted !== 'void') {
      throw new Conflict(
        ErrorCode.invalidState,
        `The hold of redemption "${redemptionId}" expired and was voided.`,
      );
    }
    return redemptionView({ ...data, status: step.target });
  });
}

/**
 * What reversing a completed redemption writes beside its account: the reversal entry, the unit of
 * stock back, and its coupon voided (a coupon already used cannot be reversed: `invalid_state`).
 */
async function reversalWrites(deps: RedemptionsDeps, data: RedemptionData, nowMs: number) {
  const entry: LedgerEntry = {
    memberId: data.memberId,
    transactionId: `reverse-${data.partnerId}-${data.redemptionId}`,
    type: EntryType.reversal,
    points: data.points,
    createdAt: iso(nowMs),
    occurredAt: iso(nowMs),
    reference: `redemption:${data.redemptionId}`,
    description: 'Redemption reversed; points restored with their expiry dates',
    reverses: data.transactionId,
    ...attribution(data),
  };
  const records = await stockBack(deps, data);
  if (data.coupon) {
    const coupon = await deps.ledger.getRecord(OperationKind.coupon, couponScope, data.coupon.code);
    const couponData = coupon?.data;
    if (couponData && couponData.status !== CouponStatus.issued) {
      throw new Conflict(
        ErrorCode.invalidState,
        `The coupon of redemption "${data.redemptionId}" was already used.`,
      );
    }
    if (couponData) {
      records.push({
        mode: 'transition',
        fromStatus: CouponStatus.issued,
        record: {
          kind: OperationKind.coupon,
          scope: couponScope,
          id: couponData.code,
          data: { ...couponData, status: CouponStatus.voided },
        },
      });
    }
  }
  return { entry, records };
}

/**
 * A reversed reward redemption gives its unit of stock back, in the same transaction as the points
 * (if the reward has become unlimited meanwhile, there is nothing to give back).
 */
async function stockBack(deps: RedemptionsDeps, data: RedemptionData): Promise<RecordWrite[]> {
  if (!data.rewardId || data.stockTaken === false) return [];
  const record = await deps.ledger.getRecord(OperationKind.reward, catalog, data.rewardId);
  if (typeof record?.data.stock !== 'number') return [];
  return [
    { mode: 'increment', kind: OperationKind.reward, scope: catalog, id: data.rewardId, field: 'stock' },
  ];
}

export const captureRedemption = (deps: RedemptionsDeps, caller: Caller, id: string) =>
  transition(deps, caller, id, 'capture');
export const voidRedemption = (deps: RedemptionsDeps, caller: Caller, id: string) =>
  transition(deps, caller, id, 'void');
export const reverseRedemption = (deps: RedemptionsDeps, caller: Caller, id: string) =>
  transition(deps, caller, id, 'reverse');

/** Reads a redemption; a hold past its time is voided on the way. */
export async function getRedemption(deps: RedemptionsDeps, caller: Caller, redemptionId: string) {
  const data = await loadRedemption(deps, caller, redemptionId);
  if (
    data.status === RedemptionStatus.held &&
    data.holdUntil &&
    Date.parse(data.holdUntil) <= deps.clock.nowMs()
  ) {
    return transition(deps, caller, redemptionId, 'void');
  }
  return redemptionView(data);
}
