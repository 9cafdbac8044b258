/**
 * The accrual consumer's use case: credits an accepted purchase exactly once. Replays and
 * concurrent duplicates find the record no longer `accepted` and do nothing. A purchase that
 * can never be credited (unknown or erased member) becomes `rejected` with a reason.
 */

import { fingerprint } from '../../core/fingerprint.js';
import { OperationKind, PurchaseStatus } from '../../core/records.js';
import {
  type AccountState,
  type CreditedPurchase,
  creditPurchase as creditPurchaseToAccount,
  settleAccount,
} from '../../domain/account.js';
import { EntryType, type LedgerEntry } from '../../domain/ledgerEntry.js';
import type { Program } from '../../domain/program.js';
import { withUses } from '../../domain/rules/lineUses.js';
import type { EarnedLine } from '../../domain/rules/ruleTypes.js';
import { storeRef } from '../../domain/stores.js';
import { CounterShort, type LedgerChange, StaleRecord } from '../../ports/LedgerStore.js';
import type { MemberStore } from '../../ports/MemberStore.js';
import { withOptimisticRetry } from '../ledger/transaction.js';
import {
  budgetSnapshot,
  budgetUsesByCampaign,
  learnCounterCounts,
  refreshBudgets,
} from './campaignBudgets.js';
import { referralOf, tierNotice } from './creditWrites.js';
import {
  type AccrualMessage,
  comparableOf,
  creditFingerprintOf,
  type PurchaseData,
  type PurchasesDeps,
  purchaseRecord,
  type ReferralPaid,
} from './records.js';

const iso = (ms: number) => new Date(ms).toISOString();

type Member = NonNullable<Awaited<ReturnType<MemberStore['getMember']>>>;
type AccountWrite = LedgerChange['accounts'][number];

/** The transition's condition: the fingerprint of what the credit reads. */
type CreditGuard = { readonly fromFingerprint: string; readonly fingerprintField?: string };

export async function creditPurchase(deps: PurchasesDeps, message: AccrualMessage): Promise<PurchaseStatus> {
  // A carried purchase is used only when it can be checked whole against the record (its credit
  // fingerprint); an older message, or one without it, is read back.
  let carried =
    message.purchase?.status === PurchaseStatus.accepted && message.purchase.creditFingerprint
      ? message.purchase
      : undefined;
  const budgetsRead = { done: false };
  return withOptimisticRetry(async () => {
    const data = carried ?? (await readPurchase(deps, message));
    carried = undefined; // a retry reads the record: something else may have moved it on
    if (data.status !== PurchaseStatus.accepted) return data.status;

    // The message's purchase must be the stored one: every transition below is conditioned on the
    // fingerprint computed from what it carries (items included), so a forged or stale message
    // changes nothing. A record accepted before credit fingerprints has only the body's.
    const guard: CreditGuard = data.creditFingerprint
      ? { fromFingerprint: creditFingerprintOf(data), fingerprintField: 'creditFingerprint' }
      : { fromFingerprint: fingerprint(comparableOf(data)) };
    const member = await deps.members.getMember(data.memberId);
    if (member?.account.status !== 'active') return rejectPurchase(deps, data, guard, member);
    return creditActive(deps, data, guard, member, budgetsRead);
  });
}

async function readPurchase(deps: PurchasesDeps, message: AccrualMessage): Promise<PurchaseData> {
  const record = await deps.ledger.getRecord(OperationKind.purchase, message.partnerId, message.purchaseId);
  if (!record) throw new Error(`Purchase ${message.partnerId}/${message.purchaseId} has no record`);
  return record.data;
}

/** A purchase for an unknown or erased member can never be credited: `rejected`, with the reason. */
async function rejectPurchase(
  deps: PurchasesDeps,
  data: PurchaseData,
  guard: CreditGuard,
  member: Member | null,
): Promise<PurchaseStatus> {
  const reason = member ? 'member_erased' : 'member_not_found';
  const rejected = purchaseRecord({ ...data, status: PurchaseStatus.rejected, reason });
  try {
    await deps.ledger.commit({
      accounts: [],
      entries: [],
      records: [{ mode: 'transition', fromStatus: PurchaseStatus.accepted, ...guard, record: rejected }],
    });
  } catch (error) {
    if (!(error instanceof StaleRecord)) throw error;
  }
  return PurchaseStatus.rejected;
}

async function creditActive(
  deps: PurchasesDeps,
  data: PurchaseData,
  guard: CreditGuard,
  member: Member,
  budgetsRead: { done: boolean },
): Promise<PurchaseStatus> {
  const nowMs = deps.clock.nowMs();
  // The store within its partner, as the programme's campaigns and gray release name it.
  const program = await deps.programs.at(Date.parse(data.occurredAt), storeRef(data.partnerId, data.storeId));
  const { credited, budgets, counters, lines } = await creditWithinBudgets(
    deps,
    data,
    member,
    program,
    nowMs,
    budgetsRead,
  );
  const transactionId = `earn-${data.partnerId}-${data.purchaseId}`;
  const entries: LedgerEntry[] = [earnEntry(data, credited, transactionId, nowMs)];
  const accounts: AccountWrite[] = [{ next: credited.account, expectedVersion: member.account.version }];
  const referral = await referralOf(deps, data, member, credited, program, nowMs);
  if (referral) {
    accounts[0] = { ...accounts[0]!, next: referral.memberAccount };
    accounts.push(referral.referrerAccount);
    entries.push(referral.entry);
  }
  const credit = creditedFields(credited, program, lines, transactionId, nowMs, referral?.paid);
  return commitCredit(deps, budgets, {
    accounts,
    entries,
    records: [
      ...tierNotice(data, credited, program, nowMs),
      {
        mode: 'transition',
        fromStatus: PurchaseStatus.accepted,
        ...guard,
        record: purchaseRecord({ ...data, ...credit }),
      },
    ],
    counters,
  });
}

/** What the purchase record says once credited. */
function creditedFields(
  credited: CreditedPurchase,
  program: Program,
  lines: readonly EarnedLine[],
  transactionId: string,
  nowMs: number,
  referralPaid: ReferralPaid | undefined,
) {
  return {
    status: PurchaseStatus.credited,
    points: credited.points,
    availableAt: iso(credited.availableAtMs),
    earnTransactionId: transactionId,
    creditedAt: iso(nowMs),
    qualifyingFen: credited.qualifyingFen,
    programVersion: program.version,
    lines,
    tierUpgrade: credited.tierUpgrade,
    counted: true,
    ...(referralPaid ? { referralPaid } : {}),
  } satisfies Partial<PurchaseData> & { lines: readonly EarnedLine[] };
}

/**
 * Commits the credit and counts its budget takes as committed. A purchase credited meanwhile (by a
 * duplicate delivery) is credited; a budget that had less left than known is learnt, and retried.
 */
async function commitCredit(
  deps: PurchasesDeps,
  budgets: ReturnType<typeof budgetSnapshot>,
  change: LedgerChange & { readonly counters: NonNullable<LedgerChange['counters']> },
): Promise<PurchaseStatus> {
  try {
    await deps.ledger.commit(change);
    budgets.committed(change.counters);
  } catch (error) {
    if (error instanceof StaleRecord) return PurchaseStatus.credited;
    if (error instanceof CounterShort) learnCounterCounts(error.counts);
    throw error;
  }
  return PurchaseStatus.credited;
}

/**
 * The purchase credited to the member's account under the programme, its campaign points cut to
 * what is known to remain of their budgets, with the budget takes and the lines that record them.
 */
async function creditWithinBudgets(
  deps: PurchasesDeps,
  data: PurchaseData,
  member: Member,
  program: Program,
  nowMs: number,
  budgetsRead: { done: boolean },
) {
  const occurredAtMs = Date.parse(data.occurredAt);
  const store = storeRef(data.partnerId, data.storeId);
  // Campaign budgets: the points are cut to what is known to remain, and counted by conditional
  // takes in this transaction (domain/rules/budget.ts); a take that finds less retries.
  const creditWith = (budgets: ReturnType<typeof budgetSnapshot>) =>
    creditPurchaseToAccount(settleAccount(member.account as AccountState, nowMs), {
      purchaseId: data.purchaseId,
      amountFen: data.amountFen,
      items: data.items,
      occurredAtMs,
      storeId: store,
      birthday: data.birthdayAtAcceptance !== undefined ? data.birthdayAtAcceptance : member.profile.birthday,
      nowMs,
      program,
      budgetLeft: budgets.left,
    });
  let budgets = budgetSnapshot(program);
  let credited = creditWith(budgets);
  if (credited.budgetLimited.length > 0 && !budgetsRead.done) {
    // Cut by a budget as this process knows it: refunds elsewhere may have given some back.
    budgetsRead.done = true;
    await refreshBudgets(deps.ledger, program, credited.budgetLimited);
    budgets = budgetSnapshot(program);
    credited = creditWith(budgets);
  }
  const counters = budgets.takes(credited.campaignGrants, data.purchaseId);
  const budgetUses = budgetUsesByCampaign(counters);
  const lines = credited.lines.map((line) => {
    const uses = line.ruleId.startsWith('campaign:')
      ? budgetUses.get(line.ruleId.slice('campaign:'.length))
      : undefined;
    return uses ? withUses(line, uses) : line;
  });
  return { credited, budgets, counters, lines };
}

function earnEntry(
  data: PurchaseData,
  credited: CreditedPurchase,
  transactionId: string,
  nowMs: number,
): LedgerEntry {
  return {
    memberId: data.memberId,
    transactionId,
    type: EntryType.earn,
    points: credited.points,
    createdAt: iso(nowMs),
    occurredAt: data.occurredAt,
    reference: `purchase:${data.purchaseId}`,
    description: credited.description,
    ...(credited.availableAtMs > nowMs ? { pendingUntil: iso(credited.availableAtMs) } : {}),
    breakdown: credited.breakdown,
    partnerId: data.partnerId,
    storeId: data.storeId,
    amountFen: data.amountFen,
  };
}
