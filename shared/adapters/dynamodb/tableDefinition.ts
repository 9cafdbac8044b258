/**
 * The single table's key schema and indexes, as plain data. The CDK stateful stack and the
 * local runtime's provisioning both build the table from this.
 */
export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export const tableDefinition = {
  /** Local table name; in AWS the name is generated and passed in TABLE_NAME. */
  localTableName: 'jifen',
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Attribute holding an epoch-seconds expiry for items DynamoDB may delete (never ledger items). */
  timeToLiveAttribute: 'ttl',
  globalSecondaryIndexes: [
    /** Generic secondary access path: listings such as a partner's keys or a member's purchases. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  ] as readonly IndexDefinition[],
} as const;
