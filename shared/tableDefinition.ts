/**
 * The single table's key schema and indexes, as plain data. The CDK stateful stack and the
 * local runtime's provisioning both build the table from this.
 */
export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** KEYS_ONLY indexes are written only when their key attributes change. */
  readonly projection: 'ALL' | 'KEYS_ONLY';
}

export { jobIndexShards } from './ports/JobStore.js';

export const tableDefinition = {
  /** Local table name; in AWS the name is generated and passed in TABLE_NAME. */
  localTableName: 'jifen',
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Attribute holding an epoch-seconds expiry for items DynamoDB may delete (never ledger items). */
  timeToLiveAttribute: 'ttl',
  /**
   * The table's change stream, read by the aggregator (shared/system.ts `streams`): new and old
   * images, so that an account's change can be folded as the difference of the two.
   */
  stream: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    /** Listings: rewards, programme versions, held redemptions by hold expiry, the notification outbox. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' },
    /** Accounts by their soonest expiry date (`EXP#<shard>`, `<YYYY-MM-DD>#<memberId>`): sparse, for the expiry job. */
    { indexName: 'expiry', partitionKey: 'expiryShard', sortKey: 'expiryKey', projection: 'KEYS_ONLY' },
    /** Accounts above the first tier (`TIER#<shard>`, `<memberId>`): sparse, for the tier review. */
    { indexName: 'tiers', partitionKey: 'tierShard', sortKey: 'tierKey', projection: 'KEYS_ONLY' },
    /** Active, subscribed members with an email (`MAIL#<shard>`, `<memberId>`): sparse, for statements. */
    { indexName: 'mail', partitionKey: 'mailShard', sortKey: 'mailKey', projection: 'KEYS_ONLY' },
    /**
     * Purchases still `accepted` (`ACC#<shard>`, `<acceptedAt>#<partnerId>#<purchaseId>`): sparse, for
     * the sweeper that re-sends to the accrual queue what a crash or a lost message left behind.
     */
    { indexName: 'accepted', partitionKey: 'acceptedShard', sortKey: 'acceptedKey', projection: 'KEYS_ONLY' },
    /** Active members with a birthday (`BDAY#<shard>`, `<MM-DD>#<memberId>`): sparse, for the birthday gifts. */
    { indexName: 'birthdays', partitionKey: 'bdayShard', sortKey: 'bdayKey', projection: 'KEYS_ONLY' },
    /** Members' own figures (`STATS#<shard>`, `<memberId>`), kept by the stream's aggregator: for the segments job. */
    { indexName: 'stats', partitionKey: 'statsShard', sortKey: 'statsKey', projection: 'KEYS_ONLY' },
  ] as readonly IndexDefinition[],
} as const;
