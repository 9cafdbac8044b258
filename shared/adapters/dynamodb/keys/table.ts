/**
 * The table's own key attributes (tableDefinition.ts: `pk`, `sk`, and `gsi1pk`/`gsi1sk` of the
 * `gsi1` index) and everything built on them: the conditions on an item's key, the key conditions
 * of a query, cursors (a page's `LastEvaluatedKey`) and taking the keys off an item read back.
 * With tableDefinition.ts, the only module in shared/ that names these attributes
 * (test/architecture/storageKeys.test.ts).
 */

/** An item's primary key. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** A write's condition that nothing is stored under the item's key yet. */
export const ifAbsent = 'attribute_not_exists(pk)';
/** A write's condition that an item is stored under the key. */
export const ifPresent = 'attribute_exists(pk)';

type Values = Record<string, unknown>;

/** A Query's key condition and its values: every item of the partition `pk`. */
export const inPartition = (pk: string, values: Values = {}) => ({
  KeyConditionExpression: 'pk = :pk',
  ExpressionAttributeValues: { ...values, ':pk': pk },
});

/** The items of the partition `pk` whose sort keys are between `from` and `to` (both included). */
export const inRange = (pk: string, from: string, to: string, values: Values = {}) => ({
  KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
  ExpressionAttributeValues: { ...values, ':pk': pk, ':from': from, ':to': to },
});

/** The items of the partition `pk` whose sort keys begin with `prefix`. */
export const withPrefix = (pk: string, prefix: string) => ({
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
  ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
});

/** Items listed in `gsi1` under `partition`, in the order of their `gsi1sk`. */
export const listedIn = (partition: string) => ({
  IndexName: 'gsi1',
  KeyConditionExpression: 'gsi1pk = :pk',
  ExpressionAttributeValues: { ':pk': partition },
});

/** Items listed in `gsi1` under `partition` whose `gsi1sk` sorts before `before`. */
export const listedBefore = (partition: string, before: string) => ({
  IndexName: 'gsi1',
  KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
  ExpressionAttributeValues: { ':pk': partition, ':before': before },
});

/** An item's `gsi1` attributes: listed under `partition`, sorted by `sortKey`. */
export const listing = (partition: string, sortKey: string) => ({ gsi1pk: partition, gsi1sk: sortKey });

/** The sort key of an item read back. */
export const sortKeyOf = (item: Readonly<Record<string, unknown>>) => String(item.sk);

/** Whether a cursor is a key of the table (both parts strings). */
export const isTableCursor = (cursor: Readonly<Record<string, unknown>>) =>
  typeof cursor.pk === 'string' && typeof cursor.sk === 'string';

/** Whether a cursor is a key in the partition `pk`, its sort key beginning with `prefix`. */
export const isCursorIn = (cursor: Readonly<Record<string, unknown>>, pk: string, prefix = '') =>
  cursor.pk === pk && typeof cursor.sk === 'string' && cursor.sk.startsWith(prefix);

/** Whether a cursor is one of the `gsi1` listing `partition`. */
export const isListingCursor = (cursor: Readonly<Record<string, unknown>>, partition: string) =>
  cursor.gsi1pk === partition && typeof cursor.gsi1sk === 'string';

/** The primary key of an item or cursor: where a page resumes after it. */
export const keyOf = (item: Readonly<Record<string, unknown>>) => ({ pk: item.pk, sk: item.sk });

/** An item read back without its primary key and `gsi1` attributes. */
export function withoutKeys(item: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, ...attributes } = item;
  return attributes;
}

/** A stable shard of an id (a member id, a message id) for sharded partitions and indexes. */
export { shardOf } from '../../indexes.js';
