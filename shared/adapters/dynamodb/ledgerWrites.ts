/**
 * The writes of a ledger commit (DynamoLedgerStore.commit) other than accounts and entries: each
 * record write of a change (created if absent, moved from a status, put, or a field counted down or
 * up) and each take from a bounded counter, as one item of its TransactWriteItems.
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CounterTake, RecordWrite } from '../../ports/LedgerStore.js';
import { boundedCounterKey, ifAbsent, recordItem, recordKey } from './keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A record write as a transaction item; a failed condition returns the item as it is (ALL_OLD). */
export function recordWrite(table: string, write: RecordWrite): TransactItem {
  if (write.mode === 'decrement') {
    return {
      Update: {
        TableName: table,
        Key: recordKey(write.kind, write.scope, write.id),
        UpdateExpression: 'SET #data.#field = #data.#field - :one',
        ConditionExpression: '#data.#field >= :one',
        ExpressionAttributeNames: { '#data': 'data', '#field': write.field },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  } else if (write.mode === 'increment') {
    return {
      Update: {
        TableName: table,
        Key: recordKey(write.kind, write.scope, write.id),
        UpdateExpression: 'SET #data.#field = #data.#field + :one',
        ConditionExpression: 'attribute_type(#data.#field, :number)',
        ExpressionAttributeNames: { '#data': 'data', '#field': write.field },
        ExpressionAttributeValues: { ':one': 1, ':number': 'N' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  } else {
    return {
      Put: {
        TableName: table,
        Item: recordItem(write.record),
        ...(write.mode === 'put' ? {} : { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const }),
        ...(write.mode === 'create'
          ? { ConditionExpression: ifAbsent }
          : write.mode === 'put'
            ? {}
            : write.fromFingerprint === undefined
              ? {
                  ConditionExpression: '#status = :from',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':from': write.fromStatus },
                }
              : {
                  ConditionExpression: '#status = :from AND #data.#fingerprint = :fingerprint',
                  ExpressionAttributeNames: {
                    '#status': 'status',
                    '#data': 'data',
                    '#fingerprint': write.fingerprintField ?? 'fingerprint',
                  },
                  ExpressionAttributeValues: {
                    ':from': write.fromStatus,
                    ':fingerprint': write.fromFingerprint,
                  },
                }),
      },
    };
  }
}

/** A bounded counter's take: `spent` only grows, and never past the take's limit. */
export function counterTake(table: string, take: CounterTake): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: boundedCounterKey(take.counter),
      UpdateExpression: `SET #type = :counter${take.ttlEpochSeconds === undefined ? '' : ', #ttl = :ttl'} ADD spent :take`,
      ConditionExpression: 'attribute_not_exists(spent) OR spent <= :most',
      ExpressionAttributeNames: {
        '#type': 'type',
        ...(take.ttlEpochSeconds === undefined ? {} : { '#ttl': 'ttl' }),
      },
      ExpressionAttributeValues: {
        ':counter': 'counter',
        ':take': take.take,
        ':most': take.limit - take.take,
        ...(take.ttlEpochSeconds === undefined ? {} : { ':ttl': take.ttlEpochSeconds }),
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}
