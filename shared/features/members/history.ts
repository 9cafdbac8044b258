import { NotFound } from '../../core/errors.js';
import { encodeCursor, type Page, type PageRequest } from '../../core/paging.js';
import { opaqueId, openPosition, sealPosition } from '../../core/sealing.js';
import type { LedgerEntry } from '../../domain/ledgerEntry.js';
import type { LedgerStore } from '../../ports/LedgerStore.js';
import type { MemberStore } from '../../ports/MemberStore.js';
import { configSecret } from '../ledger/secrets.js';
import { programmeIssuer } from '../redemptions/records.js';

export function transactionView(entry: LedgerEntry) {
  return {
    transactionId: entry.transactionId,
    type: entry.type,
    points: entry.points,
    createdAt: entry.createdAt,
    occurredAt: entry.occurredAt,
    reference: entry.reference,
    description: entry.description,
    ...(entry.reverses ? { reverses: entry.reverses } : {}),
    ...(entry.pendingUntil ? { pendingUntil: entry.pendingUntil } : {}),
    ...(entry.breakdown ? { breakdown: entry.breakdown } : {}),
  };
}

/** Another partner's entry: what moved and when, with an opaque id; no reference, store, amount or breakdown. */
export function otherPartnerTransactionView(entry: LedgerEntry, transactionId: string) {
  return {
    transactionId,
    type: entry.type,
    points: entry.points,
    createdAt: entry.createdAt,
    occurredAt: entry.occurredAt,
    partner: 'other' as const,
  };
}

/** Who reads a member's history: a partner sees its own operations in full, others' without details. */
export interface HistoryReader {
  readonly partnerId: string;
  /** The operator (admin, or a key of the operator partner) sees every partner's operations. */
  readonly seesEveryPartner: boolean;
}

/** Partner operations by reference, for entries written before entries named their partner. */
const partnerOperation = /^(purchase|refund|redemption|activity|referral):/;

/** Whether `entry` is another partner's operation for `reader` (the programme's own entries are no one's). */
export function isOtherPartners(entry: LedgerEntry, reader: HistoryReader): boolean {
  if (reader.seesEveryPartner) return false;
  if (entry.partnerId === undefined) return partnerOperation.test(entry.reference);
  return entry.partnerId !== reader.partnerId && entry.partnerId !== programmeIssuer;
}

const historySecret = (ledger: LedgerStore) => configSecret(ledger, 'security', 'history-secret');

/**
 * A member's entries, newest first. Through a partner's key, other partners' entries show only
 * what moved and when, under an opaque id; the cursor is sealed, as its position names an entry
 * (and so the operation id) that may be another partner's. Without `reader`, everything.
 */
export async function listTransactions(
  deps: { ledger: LedgerStore; members: MemberStore },
  memberId: string,
  page: PageRequest,
  reader: HistoryReader = { partnerId: '', seesEveryPartner: true },
): Promise<Page<TransactionView>> {
  const secret = await historySecret(deps.ledger);
  const position = openPosition(page.cursor, secret);
  if (!(await deps.members.getProfile(memberId))) throw new NotFound(`Member "${memberId}"`);
  const { items, next } = await deps.ledger.entries(memberId, page.limit, position);
  return {
    items: items.map((entry) =>
      isOtherPartners(entry, reader)
        ? otherPartnerTransactionView(entry, opaqueId(`${memberId}/${entry.transactionId}`, secret))
        : transactionView(entry),
    ),
    nextCursor: encodeCursor(sealPosition(next, secret)),
  };
}

export type TransactionView =
  | ReturnType<typeof transactionView>
  | ReturnType<typeof otherPartnerTransactionView>;
