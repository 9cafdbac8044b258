/**
 * Campaign budgets as sharded counters. A budget of B points is split into N shards, shard s
 * allotted ⌊B/N⌋ (+1 for the first B mod N shards); each shard is one DynamoDB item counting the
 * points it has given (`spent`). A purchase's campaign points are taken from shards, starting at
 * a home shard chosen by the purchase id, each take written in the accrual's own transaction with
 * the condition `spent + take ≤ allotment`. So:
 *
 * - the budget is never exceeded: every point given is counted by a conditional write in the
 *   same transaction that credits it, and no shard can count past its allotment;
 * - there is no hot item: concurrent accruals land on different shards;
 * - no read is needed on the usual path: the accrual assumes what it knows (lower bounds of
 *   `spent`, which only grows) and a failed condition tells it the shard's real count
 *   (ReturnValuesOnConditionCheckFailure), after which it recomputes and tries again;
 * - when the budget runs out mid-purchase, the campaign's points are cut to what the shards have
 *   left; once every shard is known to be empty the campaign gives nothing.
 *
 * The budget belongs to the campaign id across programme versions: a later version that raises
 * `budgetPoints` raises every shard's allotment; one that lowers it below what was given stops
 * the campaign. A refund gives back what it reverses of a campaign line to the shards the line
 * took from (the line's `budget:` uses), by a negative take: the points given and not reversed
 * never exceed the budget.
 */
import type { Campaign } from '../program.js';

export const maxBudgetShards = 16;

/**
 * Shards of a budget: `budgetShards`, or enough that each shard holds ten members' full
 * allowance (so one purchase rarely needs two shards), at most 16. A small budget uses one item:
 * it is spent by few purchases, so its contention is short.
 */
export function budgetShardCount(
  campaign: Pick<Campaign, 'budgetPoints' | 'budgetShards' | 'capPerMemberPoints'>,
) {
  if (campaign.budgetShards !== undefined) return campaign.budgetShards;
  const perShard = 10 * Math.max(1, campaign.capPerMemberPoints ?? 1000);
  return Math.min(maxBudgetShards, Math.max(1, Math.floor((campaign.budgetPoints ?? 0) / perShard)));
}

/** Each shard's allotment; they add up to the budget. */
export function shardAllotments(budgetPoints: number, shards: number): number[] {
  const base = Math.floor(budgetPoints / shards);
  const extra = budgetPoints % shards;
  return Array.from({ length: shards }, (_, shard) => base + (shard < extra ? 1 : 0));
}

/** The shard a purchase starts taking from: a stable hash of its id. */
export function homeShard(purchaseId: string, shards: number): number {
  let hash = 2166136261;
  for (let i = 0; i < purchaseId.length; i++) {
    hash ^= purchaseId.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0) % shards;
}

/** At most what remains, from what is known of each shard (`spentAtLeast` only ever grows). */
export function budgetLeftAtMost(allotments: readonly number[], spentAtLeast: (shard: number) => number) {
  return allotments.reduce((sum, allotment, shard) => sum + Math.max(0, allotment - spentAtLeast(shard)), 0);
}

export interface ShardTake {
  readonly shard: number;
  readonly take: number;
  readonly allotment: number;
}

/**
 * Where to take `want` points from: the home shard first, then the next ones, each as far as it
 * is known to have room. When `want` ≤ budgetLeftAtMost(…) the takes add up to `want`.
 */
export function planTakes(
  want: number,
  home: number,
  allotments: readonly number[],
  spentAtLeast: (shard: number) => number,
): ShardTake[] {
  const takes: ShardTake[] = [];
  let need = want;
  for (let i = 0; i < allotments.length && need > 0; i++) {
    const shard = (home + i) % allotments.length;
    const allotment = allotments[shard]!;
    const take = Math.min(need, Math.max(0, allotment - spentAtLeast(shard)));
    if (take > 0) takes.push({ shard, take, allotment });
    need -= take;
  }
  return takes;
}
