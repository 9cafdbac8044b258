/**
 * The jobs' items: the partitions of the sharded job indexes (tableDefinition.ts) and their
 * queries, and a job run's items (`JOBRUN#<runId>`: the run, its count buckets, its messages'
 * markers), listed in `gsi1` under `JOBRUNS` by start time.
 */
import type { JobRun } from '../../../ports/JobStore.js';
import { listedBefore, listedIn, listing, shardOf } from './table.js';

/**
 * The partition keys of the sharded job indexes (tableDefinition.ts): written with the items,
 * read page by page by the jobs (DynamoJobStore).
 */
export const jobIndexShard = {
  expiry: (shard: number) => `EXP#${shard}`,
  tier: (shard: number) => `TIER#${shard}`,
  mail: (shard: number) => `MAIL#${shard}`,
  birthday: (shard: number) => `BDAY#${shard}`,
  accepted: (shard: number) => `ACC#${shard}`,
  holds: (shard: number) => `HOLDS#${shard}`,
  outbox: (shard: number) => `OUTBOX#${shard}`,
};

/** The queries of one shard of each job index: index, key condition and values. */
export const jobIndexQuery = {
  /** Accounts whose soonest expiry date is `day` or before. */
  dueForExpiry: (shard: number, day: string) => ({
    IndexName: 'expiry',
    KeyConditionExpression: 'expiryShard = :shard AND expiryKey <= :due',
    ExpressionAttributeValues: { ':shard': jobIndexShard.expiry(shard), ':due': `${day}#\uffff` },
  }),
  aboveFirstTier: (shard: number) => ({
    IndexName: 'tiers',
    KeyConditionExpression: 'tierShard = :shard',
    ExpressionAttributeValues: { ':shard': jobIndexShard.tier(shard) },
  }),
  /** Held redemptions whose hold ends before `nowIso` (records.ts `holdIndex`). */
  expiredHolds: (shard: number, nowIso: string) => listedBefore(jobIndexShard.holds(shard), nowIso),
  /** Purchases accepted before `beforeIso` and still not credited (records.ts `acceptedIndex`). */
  staleAccepted: (shard: number, beforeIso: string) => ({
    IndexName: 'accepted',
    KeyConditionExpression: 'acceptedShard = :shard AND acceptedKey < :before',
    ExpressionAttributeValues: { ':shard': jobIndexShard.accepted(shard), ':before': beforeIso },
  }),
  /** Notifications waiting in the outbox (records.ts `outboxIndex`). */
  pendingNotifications: (shard: number) => listedIn(jobIndexShard.outbox(shard)),
  /** Members whose birthday (`MM-DD`) is between the two, both included. */
  birthdaysBetween: (shard: number, fromMonthDay: string, toMonthDay: string) => ({
    IndexName: 'birthdays',
    KeyConditionExpression: 'bdayShard = :shard AND bdayKey BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':shard': jobIndexShard.birthday(shard),
      ':from': `${fromMonthDay}#`,
      ':to': `${toMonthDay}#\uffff`,
    },
  }),
  membersWithEmail: (shard: number) => ({
    IndexName: 'mail',
    KeyConditionExpression: 'mailShard = :shard',
    ExpressionAttributeValues: { ':shard': jobIndexShard.mail(shard) },
  }),
};

/** A stale accepted purchase from its `accepted` index key (`<acceptedAt>#<partnerId>#<purchaseId>`): `<partnerId>/<purchaseId>`. */
export function purchaseRefOfAccepted(item: Readonly<Record<string, unknown>>): string {
  const [, partnerId = '', purchaseId = ''] = String(item.acceptedKey).split('#');
  return `${partnerId}/${purchaseId}`;
}

/** Attempt 1 keeps the keys of runs written before attempts existed. */
const attemptOf = (run: Pick<JobRun, 'attempt'>) => (run.attempt && run.attempt > 1 ? `${run.attempt}#` : '');

/**
 * A run's counts are spread over this many items (`RUN#COUNT#<attempt>#<bucket>`, chosen by the
 * message id), summed when the run is read: messages counted at the same moment rarely touch the
 * same item, so their transactions do not conflict on one hot run item.
 */
const countBuckets = 16;

const runPartition = (runId: string) => `JOBRUN#${runId}`;
const runSortKey = 'RUN';
const bucketPrefix = 'RUN#COUNT#';
/** The listing of the runs the console shows (`gsi1`), newest last. */
const runsListing = 'JOBRUNS';

/** A job run's items: the run (`RUN`), its count buckets and its messages' markers (`MSG#`). */
export const jobRunKeys = {
  runKey: (runId: string) => ({ pk: runPartition(runId), sk: runSortKey }),
  markerKey: (run: JobRun, messageId: string) => ({
    pk: runPartition(run.runId),
    sk: `MSG#${attemptOf(run)}${messageId}`,
  }),
  bucketKey: (run: JobRun, messageId: string) => ({
    pk: runPartition(run.runId),
    sk: `${bucketPrefix}${attemptOf(run)}${String(shardOf(messageId, countBuckets)).padStart(2, '0')}`,
  }),
  /** The run's item and every attempt's count buckets, in one query (`RUN` < `RUN#COUNT#…` < `~`). */
  runWithBuckets: (runId: string) => ({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :run AND :last',
    ExpressionAttributeValues: {
      ':pk': runPartition(runId),
      ':run': runSortKey,
      ':last': `${bucketPrefix}~`,
    },
  }),
  /** Whether an item `runWithBuckets` found is the run's own item. */
  isRun: (item: Readonly<Record<string, unknown>>) => item.sk === runSortKey,
  /**
   * Whether an item `runWithBuckets` found is a count bucket of the run's current attempt
   * (`RUN#COUNT#<nn>` for the first, `RUN#COUNT#<n>#<nn>` after).
   */
  isCurrentBucket: (run: Pick<JobRun, 'attempt'>, item: Readonly<Record<string, unknown>>) => {
    const prefix = `${bucketPrefix}${attemptOf(run)}`;
    const sk = String(item.sk);
    return sk.startsWith(prefix) && /^\d{2}$/.test(sk.slice(prefix.length));
  },
  /** A listed run's `gsi1` attributes. */
  listing: (run: Pick<JobRun, 'startedAt' | 'runId'>) =>
    listing(runsListing, `${run.startedAt}#${run.runId}`),
  /** The listed runs, oldest first. */
  listed: () => listedIn(runsListing),
};
