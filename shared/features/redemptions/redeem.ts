import { randomBytes } from 'node:crypto';
import type { RedemptionBody, RewardBody } from '../api/redemptions.js';
import type { Clock } from '../clock.js';
import { type Actor, actorOf, assertStore, type Caller } from '../core/caller.js';
import {
  Conflict,
  DomainError,
  ErrorCode,
  IdempotencyConflict,
  MemberCodeInvalid,
  NotFound,
  ValidationFailed,
} from '../core/errors.js';
import { grants, Scope } from '../core/scopes.js';
import { type AccountState, endHold, restorePoints, settleAccount, spendPoints } from '../domain/account.js';
import { AuditAction, type AuditEntry, auditEntry } from '../domain/audit.js';
import { EntryType, type LedgerEntry } from '../domain/ledgerEntry.js';
import type { Lots } from '../domain/lots.js';
import type { Program } from '../domain/program.js';
import { differingFields, fingerprint } from '../fingerprint.js';
import {
  type ClearingFact,
  type LedgerStore,
  OperationExists,
  OperationKind,
  type OperationRecord,
  type RecordWrite,
  StaleRecord,
} from '../ports/LedgerStore.js';
import type { StoreDirectory } from '../ports/PartnerStore.js';
import type { ProgramSource } from '../ports/ProgramSource.js';
import { transitionRecord, withOptimisticRetry } from './ledgerTransaction.js';
import { verifyMemberCode } from './memberCodes.js';
import { assertKnownStore } from './stores.js';

export const RedemptionStatus = {
  held: 'held',
  completed: 'completed',
  voided: 'voided',
  reversed: 'reversed',
} as const;
export type RedemptionStatus = (typeof RedemptionStatus)[keyof typeof RedemptionStatus];

export const CouponStatus = { issued: 'issued', used: 'used', expired: 'expired', voided: 'voided' } as const;

export interface RedemptionsDeps {
  readonly ledger: LedgerStore;
  readonly programs: ProgramSource;
  readonly clock: Clock;
  /** The partners' store registries (`stores.requireRegistered`). */
  readonly partners: StoreDirectory;
}

export interface RewardData extends RewardBody {
  readonly rewardId: string;
  readonly status: 'active';
}

export interface CouponData {
  readonly status: (typeof CouponStatus)[keyof typeof CouponStatus];
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

const iso = (ms: number) => new Date(ms).toISOString();
/** Record scopes: the reward catalogue, and coupons (by code, whoever issued them). */
export const catalog = 'catalog';
export const couponScope = 'all';
/**
 * The issuer of the programme's own coupons (birthday gifts): `partnerId` of such a coupon. No
 * partner may be created with this id (useCases/partners.ts).
 */
export const programmeIssuer = 'programme';

/** A coupon the programme issued (not a partner's redemption): it is read and used at any partner. */
export const isProgrammeCoupon = (data: Pick<CouponData, 'partnerId'>) => data.partnerId === programmeIssuer;

export function rewardView(data: RewardData) {
  return {
    rewardId: data.rewardId,
    name: data.name,
    pointsCost: data.pointsCost,
    kind: data.kind,
    stock: data.stock,
    minTier: data.minTier,
  };
}

export function redemptionView(data: RedemptionData) {
  return {
    redemptionId: data.redemptionId,
    memberId: data.memberId,
    storeId: data.storeId,
    status: data.status,
    points: data.points,
    rewardId: data.rewardId,
    value: data.valueFen === null ? null : { amount: data.valueFen, currency: data.currency },
    holdExpiresAt: data.holdUntil,
    createdAt: data.createdAt,
    ...(data.coupon
      ? {
          coupon: {
            code: data.coupon.code,
            value: { amount: data.coupon.valueFen, currency: data.currency },
            expiresAt: data.coupon.expiresAt,
          },
        }
      : {}),
  };
}

const redemptionRecord = (data: RedemptionData): OperationRecord => ({
  kind: OperationKind.redemption,
  scope: data.partnerId,
  id: data.redemptionId,
  data: data as unknown as Record<string, unknown>,
});

const holdKey = (partnerId: string, redemptionId: string) => `${partnerId}:${redemptionId}`;

export async function listRewards(deps: RedemptionsDeps) {
  const records = await deps.ledger.listRecords(OperationKind.reward, catalog);
  return {
    items: records
      .map((record) => rewardView(record.data as unknown as RewardData))
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

export function newCouponCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(randomBytes(12), (byte) => alphabet[byte % alphabet.length]).join('');
}

function tierRank(program: Program, code: string | null): number {
  return code === null ? 0 : program.tiers.findIndex((tier) => tier.code === code);
}

/** Voids the account's holds that ran out, in the same transaction as whatever comes next. */
async function expiredHoldRelease(deps: RedemptionsDeps, account: AccountState, nowMs: number) {
  let next = account;
  const records: RecordWrite[] = [];
  const entries: LedgerEntry[] = [];
  for (const [key, hold] of Object.entries(account.holds ?? {})) {
    if (hold.untilMs > nowMs) continue;
    const [partnerId = '', redemptionId = ''] = key.split(':');
    const record = await deps.ledger.getRecord(OperationKind.redemption, partnerId, redemptionId);
    next = endHold(next, key, 'void');
    if (!record) continue;
    const data = record.data as unknown as RedemptionData;
    records.push({
      mode: 'transition',
      fromStatus: RedemptionStatus.held,
      record: redemptionRecord({ ...data, status: RedemptionStatus.voided }),
    });
    entries.push(releaseEntry(data, nowMs, 'Hold expired and was voided'));
  }
  return { account: next, records, entries };
}

function releaseEntry(data: RedemptionData, nowMs: number, description: string): LedgerEntry {
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
function attribution(data: RedemptionData) {
  return {
    partnerId: data.partnerId,
    storeId: data.storeId,
    ...(data.rewardId ? { rewardId: data.rewardId } : {}),
  };
}

/**
 * What identifies a redemption request for replays: the body without the member code (a
 * credential, used once) and without the member id (a till may send the code alone).
 */
function operationOf(body: Readonly<Record<string, unknown>>) {
  const { memberCode: _code, memberId: _member, ...operation } = body;
  return operation;
}

/** A replay answers the first result; the same id with another operation or member is a conflict. */
function checkReplay(existing: RedemptionData, body: RedemptionBody) {
  const stored = operationOf(existing.request);
  const asked = operationOf(body);
  const otherMember = body.memberId !== undefined && body.memberId !== existing.memberId;
  if (otherMember || fingerprint(stored) !== fingerprint(asked)) {
    throw new IdempotencyConflict(
      'redemptionId',
      body.redemptionId,
      differingFields(
        { ...stored, memberId: existing.memberId },
        { ...asked, memberId: body.memberId ?? existing.memberId },
      ),
    );
  }
  return redemptionView(existing);
}

/**
 * Who the member is, and whether they are present: a member code from the till proves it (and
 * is consumed with the spending); without one, where the programme requires codes, only an admin
 * key (customer service) may spend, and that is audited.
 */
async function memberPresence(
  deps: RedemptionsDeps,
  caller: Caller,
  body: RedemptionBody,
  program: Program,
  points: number,
): Promise<{ memberId: string; records: RecordWrite[]; audit: AuditEntry[] }> {
  if (body.memberCode !== undefined) {
    const verified = await verifyMemberCode(
      deps,
      { memberCode: body.memberCode, memberId: body.memberId },
      { actor: actorOf(caller), redemptionId: body.redemptionId },
    );
    return { memberId: verified.memberId, records: [verified.consume], audit: [] };
  }
  const memberId = body.memberId!;
  if (!program.payments.requireMemberCode) return { memberId, records: [], audit: [] };
  if (!grants(caller.scopes, Scope.admin)) {
    throw new MemberCodeInvalid(
      "Spending points needs the member's code (memberCode) from their app or email, shown at the till.",
    );
  }
  const audit = auditEntry(
    actorOf(caller),
    AuditAction.redemptionWithoutCode,
    `redemption:${caller.partnerId}/${body.redemptionId}`,
    deps.clock.nowMs(),
    { memberId, points, storeId: body.storeId },
  );
  return { memberId, records: [], audit: [audit] };
}

/**
 * Redeems a reward or pays with points. Points come from the soonest-expiring lots; stock is
 * decremented in the same transaction (never oversold); available points never go below zero.
 */
export async function redeem(deps: RedemptionsDeps, caller: Caller, body: RedemptionBody) {
  assertStore(caller, body.storeId);
  const prior = await deps.ledger.getRecord(OperationKind.redemption, caller.partnerId, body.redemptionId);
  if (prior) return checkReplay(prior.data as unknown as RedemptionData, body);

  const program = await deps.programs.current();
  await assertKnownStore(deps.partners, program, caller.partnerId, body.storeId);
  let reward: RewardData | null = null;
  if ('rewardId' in body) {
    const record = await deps.ledger.getRecord(OperationKind.reward, catalog, body.rewardId);
    if (!record) throw new NotFound(`Reward "${body.rewardId}"`);
    reward = record.data as unknown as RewardData;
  } else if (body.payment.points < program.payments.minPoints) {
    throw new ValidationFailed([
      { path: 'payment.points', message: `Pay at least ${program.payments.minPoints} points.` },
    ]);
  }
  const points = reward ? reward.pointsCost : 'payment' in body ? body.payment.points : 0;
  const hold = 'payment' in body && body.hold === true;
  const presence = await memberPresence(deps, caller, body, program, points);
  const { memberId } = presence;
  const request = { ...operationOf(body), memberId };

  try {
    return await withOptimisticRetry(async () => {
      const stored = await deps.ledger.getAccount(memberId);
      if (stored?.status !== 'active') throw new NotFound(`Member "${memberId}"`);
      const nowMs = deps.clock.nowMs();
      const released = await expiredHoldRelease(deps, settleAccount(stored, nowMs), nowMs);
      if (reward && tierRank(program, released.account.tier) < tierRank(program, reward.minTier)) {
        throw new DomainError(
          ErrorCode.rewardNotEligible,
          `Reward "${reward.rewardId}" needs tier ${reward.minTier} or above.`,
        );
      }
      const holdUntilMs = nowMs + program.payments.holdMinutes * 60_000;
      const key = holdKey(caller.partnerId, body.redemptionId);
      const spent = spendPoints(
        released.account,
        points,
        nowMs,
        program,
        hold ? { redemptionId: key, untilMs: holdUntilMs } : undefined,
      );
      if (!spent.ok) {
        throw new DomainError(
          ErrorCode.insufficientPoints,
          `The member has ${spent.available} points available; ${points} are needed.`,
        );
      }
      const records: RecordWrite[] = [...released.records, ...presence.records];
      let coupon: RedemptionData['coupon'] = null;
      const stockTaken = reward?.stock !== null && reward?.stock !== undefined;
      if (reward && stockTaken) {
        records.push({
          mode: 'decrement',
          kind: OperationKind.reward,
          scope: catalog,
          id: reward.rewardId,
          field: 'stock',
        });
      }
      if (reward?.kind === 'coupon' && reward.coupon) {
        coupon = {
          code: newCouponCode(),
          valueFen: reward.coupon.value,
          expiresAt: iso(nowMs + reward.coupon.validDays * 86_400_000),
        };
        const couponData: CouponData = {
          status: CouponStatus.issued,
          code: coupon.code,
          memberId,
          partnerId: caller.partnerId,
          redemptionId: body.redemptionId,
          valueFen: coupon.valueFen,
          currency: program.currency,
          expiresAt: coupon.expiresAt,
          usedAt: null,
          usedBy: null,
        };
        records.push({
          mode: 'create',
          record: {
            kind: OperationKind.coupon,
            scope: couponScope,
            id: coupon.code,
            data: { ...couponData },
          },
        });
      }
      const transactionId = `${hold ? 'hold' : 'redeem'}-${caller.partnerId}-${body.redemptionId}`;
      const data: RedemptionData = {
        status: hold ? RedemptionStatus.held : RedemptionStatus.completed,
        partnerId: caller.partnerId,
        redemptionId: body.redemptionId,
        memberId,
        storeId: body.storeId,
        rewardId: reward?.rewardId ?? null,
        points,
        valueFen: reward ? null : Math.floor((points * 100) / program.payments.pointsPerYuan),
        currency: program.currency,
        taken: spent.taken,
        holdUntil: hold ? iso(holdUntilMs) : null,
        coupon,
        ...(reward ? { stockTaken } : {}),
        fingerprint: fingerprint(operationOf(body)),
        request,
        createdAt: iso(nowMs),
        transactionId,
      };
      records.unshift({ mode: 'create', record: redemptionRecord(data) });
      const entry: LedgerEntry = {
        memberId,
        transactionId,
        type: hold ? EntryType.hold : EntryType.redeem,
        points: -points,
        createdAt: iso(nowMs),
        occurredAt: iso(nowMs),
        reference: `redemption:${body.redemptionId}`,
        description: reward ? `Reward: ${reward.name}` : `Paid ${points} points at ${body.storeId}`,
        ...attribution(data),
      };
      try {
        await deps.ledger.commit({
          accounts: [{ next: spent.account, expectedVersion: stored.version }],
          records,
          entries: [...released.entries, entry],
          audit: presence.audit,
        });
      } catch (error) {
        if (error instanceof StaleRecord && error.kind === OperationKind.reward) {
          throw new Conflict(ErrorCode.rewardOutOfStock, `Reward "${reward?.rewardId}" is out of stock.`);
        }
        if (error instanceof StaleRecord && error.kind === OperationKind.memberCode) {
          throw new MemberCodeInvalid('The member code was used by another request at the same moment.');
        }
        throw error;
      }
      return redemptionView(data);
    });
  } catch (error) {
    if (error instanceof OperationExists && error.existing.kind === OperationKind.redemption) {
      return checkReplay(error.existing.data as unknown as RedemptionData, body);
    }
    throw error;
  }
}

async function loadRedemption(deps: RedemptionsDeps, caller: Caller, redemptionId: string) {
  const record = await deps.ledger.getRecord(OperationKind.redemption, caller.partnerId, redemptionId);
  if (!record) throw new NotFound(`Redemption "${redemptionId}"`);
  const data = record.data as unknown as RedemptionData;
  assertStore(caller, data.storeId);
  return data;
}

type Transition = 'capture' | 'void' | 'reverse' | 'expire';

const targetOf: Record<Transition, RedemptionStatus> = {
  capture: RedemptionStatus.completed,
  void: RedemptionStatus.voided,
  expire: RedemptionStatus.voided,
  reverse: RedemptionStatus.reversed,
};

/**
 * Moves a redemption on: capture or void a hold, reverse a completed redemption. Doing the same
 * again returns the same result; anything else from the current state is `invalid_state`.
 * A hold past its time is voided, whatever was asked.
 */
async function transition(
  deps: RedemptionsDeps,
  caller: Caller,
  redemptionId: string,
  wanted: Transition,
): Promise<ReturnType<typeof redemptionView>> {
  return withOptimisticRetry(async () => {
    const data = await loadRedemption(deps, caller, redemptionId);
    const nowMs = deps.clock.nowMs();
    const expiredHold =
      data.status === RedemptionStatus.held && data.holdUntil !== null && Date.parse(data.holdUntil) <= nowMs;
    const action: Transition = expiredHold ? 'expire' : wanted;
    const target = targetOf[action];
    if (data.status === targetOf[wanted] && !(wanted === 'void' && data.status !== RedemptionStatus.voided)) {
      return redemptionView(data);
    }
    const allowedFrom = action === 'reverse' ? RedemptionStatus.completed : RedemptionStatus.held;
    if (data.status !== allowedFrom) {
      throw new Conflict(
        ErrorCode.invalidState,
        `Redemption "${redemptionId}" is ${data.status}; it cannot be ${wanted === 'capture' ? 'captured' : wanted === 'void' ? 'voided' : 'reversed'}.`,
      );
    }
    const stored = await deps.ledger.getAccount(data.memberId);
    if (!stored) throw new NotFound(`Member "${data.memberId}"`);
    const account = settleAccount(stored, nowMs);
    const key = holdKey(data.partnerId, data.redemptionId);
    const next =
      action === 'reverse'
        ? restorePoints(account, data.taken)
        : endHold(account, key, action === 'capture' ? 'capture' : 'void');
    const records: RecordWrite[] = [
      { mode: 'transition', fromStatus: data.status, record: redemptionRecord({ ...data, status: target }) },
    ];
    const entries: LedgerEntry[] = [];
    if (action === 'void' || action === 'expire') {
      entries.push(
        releaseEntry(data, nowMs, action === 'void' ? 'Hold voided' : 'Hold expired and was voided'),
      );
    } else if (action === 'reverse') {
      entries.push({
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
      });
      records.push(...(await stockBack(deps, data)));
      if (data.coupon) {
        const coupon = await deps.ledger.getRecord(OperationKind.coupon, couponScope, data.coupon.code);
        const couponData = coupon?.data as unknown as CouponData | undefined;
        if (couponData && couponData.status !== CouponStatus.issued) {
          throw new Conflict(
            ErrorCode.invalidState,
            `The coupon of redemption "${redemptionId}" was already used.`,
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
    }
    try {
      await deps.ledger.commit({ accounts: [{ next, expectedVersion: stored.version }], records, entries });
    } catch (error) {
      if (error instanceof StaleRecord) return transition(deps, caller, redemptionId, wanted);
      throw error;
    }
    const result = { ...data, status: target };
    if (action === 'expire' && wanted !== 'void') {
      throw new Conflict(
        ErrorCode.invalidState,
        `The hold of redemption "${redemptionId}" expired and was voided.`,
      );
    }
    return redemptionView(result);
  });
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

function couponView(data: CouponData, nowMs: number) {
  const expired = data.status === CouponStatus.issued && Date.parse(data.expiresAt) <= nowMs;
  return {
    code: data.code,
    memberId: data.memberId,
    value: { amount: data.valueFen, currency: data.currency },
    status: expired ? CouponStatus.expired : data.status,
    expiresAt: data.expiresAt,
    usedAt: data.usedAt,
  };
}

/**
 * A coupon belongs to the partner whose redemption issued it: it is read and used at that
 * partner's stores (404 for any other partner), like every operation of the coalition. The
 * programme's own coupons (birthday gifts) are the programme's: any partner's till reads and uses them.
 */
async function loadCoupon(deps: RedemptionsDeps, caller: Caller, code: string) {
  const record = await deps.ledger.getRecord(OperationKind.coupon, couponScope, code);
  const data = record?.data as unknown as CouponData | undefined;
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
