import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { tracer } from '../../core/observability.js';
import type { AuditEntry } from '../../domain/audit.js';
import { requiredEnvironmentValue } from '../../runtimeEnvironment.js';
import { Env } from '../../system.js';
import { auditPuts, ifAbsent } from './keys.js';

let shared: DynamoDBDocumentClient | undefined;

/** One document client per process; the endpoint comes from the environment (AWS_ENDPOINT_URL_DYNAMODB locally). */
export function documentClient(): DynamoDBDocumentClient {
  // Each call an X-Ray subsegment in AWS (shared/observability.ts); unchanged where tracing is off.
  shared ??= DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({ maxAttempts: 3 })), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return shared;
}

/** The table of the running function (its scoped environment locally, see shared/runtimeEnvironment.ts). */
export function tableName(): string {
  return requiredEnvironmentValue(Env.tableName);
}

/**
 * Puts an item only if its key is free. Answers `null` when it was written, or the item that
 * holds the key (read back from the failed condition, without a second request).
 */
export async function putIfAbsent(
  client: DynamoDBDocumentClient,
  table: string,
  item: Record<string, unknown>,
): Promise<Record<string, unknown> | null> {
  try {
    await client.send(
      new PutCommand({
        TableName: table,
        Item: item,
        ConditionExpression: ifAbsent,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return null;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException) || !error.Item) throw error;
    return unmarshall(error.Item);
  }
}

/**
 * `putIfAbsent` with the act's audit entries in the same transaction: answers `null` when the item
 * and its entries were written, or the item that holds the key (and nothing is audited).
 */
export async function putIfAbsentAudited(
  client: DynamoDBDocumentClient,
  table: string,
  item: Record<string, unknown>,
  audit: readonly AuditEntry[] = [],
): Promise<Record<string, unknown> | null> {
  if (audit.length === 0) return putIfAbsent(client, table, item);
  try {
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: item,
              ConditionExpression: ifAbsent,
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          ...auditPuts(table, audit),
        ],
      }),
    );
    return null;
  } catch (error) {
    const held =
      error instanceof TransactionCanceledException ? error.CancellationReasons?.[0]?.Item : undefined;
    if (!held) throw error;
    return unmarshall(held as never);
  }
}

/** Every item a query finds, following its pages (small listings: partners, keys, catalogues). */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await client.send(
      new QueryCommand({ ...input, ExclusiveStartKey: start }),
    );
    items.push(...Items);
    start = LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every item stored under `keys` (consistent reads, 100 keys a request, unprocessed keys asked again). */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  table: string,
  keys: readonly Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    while (pending && pending.length > 0) {
      const answer: BatchGetCommandOutput = await client.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...(answer.Responses?.[table] ?? []));
      pending = answer.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return items;
}

/**
 * A stored item's attributes as the type this adapter wrote them from: the table is written only
 * through these adapters, so what is read back under a key is what was put there. The one place a
 * DynamoDB item becomes a typed value (the item's own key and index attributes taken off first).
 */
export function storedAs<T extends object>(attributes: Record<string, unknown>): T {
  return attributes as T;
}
