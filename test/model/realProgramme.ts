/**
 * The real side of the model run: the handlers (through test/functions/harness.ts call() and
 * deliver(), so the HTTP layer, authorisation and the queues' consumers all take part) against
 * DynamoDB Local. Two partners with tills, an operator (the admin key) and a desk key.
 */

import { setBusinessClock } from '../../shared/core/clock.js';
import { Scope } from '../../shared/core/scopes.js';
import type { Campaign } from '../../shared/domain/program.js';
import { budgetSpent } from '../../shared/features/purchases/campaignBudgets.js';
import { adapters } from '../../shared/wiring/adapters.js';
import { admin, call, deliver, partnerKey, type Response } from '../functions/harness.js';
import { itemRules, type ModelCampaign } from './programmeModel.js';

type Json = Record<string, unknown>;

export interface Key {
  readonly partnerId: string;
  readonly key: string;
  readonly keyId: string;
}

export interface Partners {
  readonly operator: { readonly key: string };
  readonly a: Key;
  readonly b: Key;
  readonly desk: Key;
}

const tillScopes = [Scope.membersWrite, Scope.membersRead, Scope.pointsEarn, Scope.pointsRedeem] as const;

let partners: Partners | undefined;

/** The partners of every run (created once per file; each run has its own members and campaign). */
export async function modelPartners(): Promise<Partners> {
  if (!partners) {
    const operator = { key: await admin() };
    const a = await partnerKey([...tillScopes], `model-a-${process.pid}`);
    const b = await partnerKey([...tillScopes], `model-b-${process.pid}`);
    const desk = await partnerKey([Scope.membersRead, Scope.pointsAdjust], `model-desk-${process.pid}`);
    partners = { operator, a, b, desk };
  }
  return partners;
}

/** A write as it was sent and first answered, for replays. */
export interface JournalEntry {
  readonly kind: 'purchase' | 'refund' | 'redemption';
  readonly key: Key;
  readonly path: string;
  readonly body: Json;
  readonly answer: Response;
}

export class RealProgramme {
  /** Every purchase, refund and redemption sent, with its first answer. */
  readonly journal: JournalEntry[] = [];
  constructor(
    readonly partners: Partners,
    readonly campaigns: readonly ModelCampaign[],
    private readonly iso: () => string,
  ) {}

  setClock(ms: number): void {
    setBusinessClock(new Date(ms).toISOString());
  }

  /** Publishes the run's programme: the reference one with this run's campaigns and the item rules, from `fromMs` on. */
  async publish(fromMs: number): Promise<void> {
    const key = this.partners.operator.key;
    const current = await call<Json>('GET', '/v1/program', { key });
    const { version: _version, ...reference } = current.body;
    const earning = reference.earning as Json;
    const body = {
      ...reference,
      effectiveFromMs: fromMs,
      earning: {
        ...earning,
        itemRules,
        campaigns: this.campaigns.map((campaign) => ({
          campaignId: campaign.campaignId,
          label: `Model ${campaign.campaignId}`,
          fromMs,
          toMs: fromMs + 20 * 365 * 86_400_000,
          multiplierPermille: 1000,
          // 6.1: the programme names a store `partnerId/storeId`.
          ...(campaign.store ? { storeIds: [`${campaign.store.partnerId}/${campaign.store.storeId}`] } : {}),
          ...(campaign.firstPurchase ? { firstPurchase: true } : {}),
          minAmountFen: campaign.minAmountFen,
          bonusPoints: campaign.bonusPoints,
          ...(campaign.capPerMemberPoints === undefined
            ? {}
            : { capPerMemberPoints: campaign.capPerMemberPoints }),
          ...(campaign.budgetPoints === undefined ? {} : { budgetPoints: campaign.budgetPoints }),
        })),
      },
    };
    const published = await call('PUT', '/v1/program', { key, body });
    if (published.status !== 200) {
      throw new Error(`Publishing the model programme: ${JSON.stringify(published.body)}`);
    }
  }

  async saveReward(rewardId: string, pointsCost: number, stock: number | null): Promise<void> {
    const saved = await call('PUT', `/v1/rewards/${rewardId}`, {
      key: this.partners.operator.key,
      body: { name: rewardId, pointsCost, kind: 'item', stock },
    });
    if (saved.status >= 300) throw new Error(`Saving ${rewardId}: ${JSON.stringify(saved.body)}`);
  }

  enrol(key: Key, body: Json): Promise<Response> {
    return call('POST', '/v1/members', { key: key.key, body });
  }

  async member(key: string, memberId: string) {
    return call<{
      tier: { code: string };
      qualifyingSpend: { amount: number };
      points: { available: number; pending: number; held: number };
      status: string;
    }>('GET', `/v1/members/${memberId}`, { key });
  }

  /** Every entry of a member's history, through `key`. */
  async transactions(key: string, memberId: string): Promise<Json[]> {
    const items: Json[] = [];
    let cursor: string | null = null;
    do {
      const page: Response<{ items: Json[]; nextCursor: string | null }> = await call(
        'GET',
        `/v1/members/${memberId}/transactions`,
        { key, query: { limit: '100', ...(cursor ? { cursor } : {}) } },
      );
      if (page.status !== 200)
        throw new Error(`History of ${memberId}: ${page.status} ${JSON.stringify(page.body)}`);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }

  /** Accepts a purchase and delivers its accrual message to the real consumer; answers the purchase as read back. */
  async purchase(key: Key, body: Json) {
    const accepted = await call('POST', '/v1/purchases', { key: key.key, body });
    this.journal.push({ kind: 'purchase', key, path: '/v1/purchases', body, answer: accepted });
    if (accepted.status !== 202) return { accepted, read: null };
    const delivered = await deliver('accrual', [{ partnerId: key.partnerId, purchaseId: body.purchaseId }]);
    if (delivered.batchItemFailures.length > 0)
      throw new Error(`Accrual of ${String(body.purchaseId)} failed`);
    const read = await call<{ status: string; points: number; breakdown?: { points: number }[] }>(
      'GET',
      `/v1/purchases/${String(body.purchaseId)}`,
      { key: key.key },
    );
    return { accepted, read };
  }

  async refund(key: Key, body: Json) {
    const answer = await call<{ pointsReversed: number }>('POST', '/v1/refunds', { key: key.key, body });
    this.journal.push({ kind: 'refund', key, path: '/v1/refunds', body, answer });
    return answer;
  }

  /** Points a purchase would earn for the member now (the day's cap headroom shows in it). */
  async simulate(memberId: string, storeId: string, amount: number): Promise<number> {
    const answer = await call<{ points: number }>('POST', '/v1/program/simulate', {
      key: this.partners.operator.key,
      body: { memberId, purchase: { storeId, occurredAt: this.iso(), currency: 'CNY', amount } },
    });
    if (answer.status !== 200) throw new Error(`simulate: ${JSON.stringify(answer.body)}`);
    return answer.body.points;
  }

  /** What the campaign's budget counters hold. */
  async budgetSpent(campaign: ModelCampaign): Promise<number> {
    const stored: Campaign = {
      campaignId: campaign.campaignId,
      fromMs: 0,
      toMs: 1,
      multiplierPermille: 1000,
      ...(campaign.budgetPoints === undefined ? {} : { budgetPoints: campaign.budgetPoints }),
    };
    return budgetSpent(adapters().ledger, stored);
  }

  async ledgerCheck() {
    return call<{ ok: boolean; mismatches: unknown[] }>('GET', '/v1/reports/ledger-check', {
      key: this.partners.operator.key,
    });
  }
}
