import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ValidationFailed } from '../../core/errors.js';
import type { AuditEntry } from '../../domain/audit.js';
import type { ApiKeyRecord, Partner, PartnerStore, Store } from '../../ports/PartnerStore.js';
import { documentClient, putIfAbsentAudited, queryAll, tableName } from './documentClient.js';
import { auditPuts, ifAbsent, ifPresent, keyOf, partnerKeys } from './keys.js';

const {
  partner: partnerKey,
  keyRef: partnerKeyRefKey,
  keyByHash: keyByHashKey,
  store: storeKey,
} = partnerKeys;

function toStore(item: Record<string, unknown>): Store {
  return {
    partnerId: String(item.partnerId),
    storeId: String(item.storeId),
    name: String(item.name),
    city: (item.city as string | null | undefined) ?? null,
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
}

function toPartner(item: Record<string, unknown>): Partner {
  return { partnerId: String(item.partnerId), name: String(item.name), createdAt: String(item.createdAt) };
}

function toKey(item: Record<string, unknown>): ApiKeyRecord {
  return {
    keyId: String(item.keyId),
    partnerId: String(item.partnerId),
    scopes: item.scopes as ApiKeyRecord['scopes'],
    storeIds: (item.storeIds as string[] | undefined) ?? null,
    name: (item.name as string | undefined) ?? null,
    createdAt: String(item.createdAt),
    revokedAt: (item.revokedAt as string | undefined) ?? null,
  };
}

export class DynamoPartnerStore implements PartnerStore {
  constructor(
    private readonly client: DynamoDBDocumentClient = documentClient(),
    private readonly table: string = tableName(),
  ) {}

  async createPartner(partner: Partner, audit: readonly AuditEntry[] = []) {
    // Listed for the operator console.
    const item = {
      ...partnerKey(partner.partnerId),
      type: 'partner',
      ...partnerKeys.listing(partner.partnerId),
      ...partner,
    };
    const existing = await putIfAbsentAudited(this.client, this.table, item, audit);
    return existing ? { created: false, partner: toPartner(existing) } : { created: true, partner };
  }

  async getPartner(partnerId: string) {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: partnerKey(partnerId), ConsistentRead: true }),
    );
    return Item ? toPartner(Item) : null;
  }

  async putKey(record: ApiKeyRecord, keyHash: string, audit: readonly AuditEntry[] = []) {
    const item = {
      ...record,
      name: record.name ?? undefined,
      revokedAt: record.revokedAt ?? undefined,
      storeIds: record.storeIds ?? undefined,
    };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...keyByHashKey(keyHash), type: 'apiKey', ...item },
                ConditionExpression: `${ifAbsent} OR keyId = :keyId`,
                ExpressionAttributeValues: { ':keyId': record.keyId },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...partnerKeyRefKey(record.partnerId, record.keyId),
                  type: 'apiKeyRef',
                  ...item,
                  keyHash,
                },
              },
            },
            ...auditPuts(this.table, audit),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new Error('An API key with this hash already belongs to another key id');
      }
      throw error;
    }
  }

  async findKeyByHash(keyHash: string) {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: keyByHashKey(keyHash) }),
    );
    return Item ? toKey(Item) : null;
  }

  async revokeKey(partnerId: string, keyId: string, revokedAt: string, audit: readonly AuditEntry[] = []) {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: partnerKeyRefKey(partnerId, keyId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return false;
    if (Item.revokedAt) return true;
    const revoke = (key: Record<string, string>) => ({
      Update: {
        TableName: this.table,
        Key: key,
        UpdateExpression: 'SET revokedAt = :at',
        ConditionExpression: `${ifPresent} AND attribute_not_exists(revokedAt)`,
        ExpressionAttributeValues: { ':at': revokedAt },
      },
    });
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            revoke(keyByHashKey(String(Item.keyHash))),
            revoke(partnerKeyRefKey(partnerId, keyId)),
            ...auditPuts(this.table, audit),
          ],
        }),
      );
    } catch (error) {
      // Revoked concurrently: revoked all the same, and audited once.
      if (!(error instanceof TransactionCanceledException)) throw error;
    }
    return true;
  }

  async listKeys(partnerId: string) {
    const items = await queryAll(this.client, {
      TableName: this.table,
      ...partnerKeys.keyRefs(partnerId),
      ConsistentRead: true,
    });
    return items
      .map(toKey)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }

  async getStore(partnerId: string, storeId: string) {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: storeKey(partnerId, storeId), ConsistentRead: true }),
    );
    return Item ? toStore(Item) : null;
  }

  async putStore(store: Store, audit: (previous: Store | null) => readonly AuditEntry[]) {
    const item = (createdAt: string) => ({
      ...storeKey(store.partnerId, store.storeId),
      type: 'store',
      ...store,
      createdAt,
      city: store.city ?? undefined,
    });
    // New: on condition that the id is free; else a replacement of what the condition found.
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await this.getStore(store.partnerId, store.storeId);
      const put = existing
        ? {
            Item: item(existing.createdAt),
            ConditionExpression: 'updatedAt = :seen',
            ExpressionAttributeValues: { ':seen': existing.updatedAt },
          }
        : { Item: item(store.createdAt), ConditionExpression: ifAbsent };
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: this.table, ...put } },
              ...auditPuts(this.table, audit(existing)),
            ],
          }),
        );
        return { created: existing === null, previous: existing };
      } catch (error) {
        // Saved concurrently: read again and replace what is there now.
        if (!(error instanceof TransactionCanceledException)) throw error;
      }
    }
    throw new Error(`Store ${store.partnerId}/${store.storeId} kept changing while it was saved`);
  }

  async listStores(partnerId: string, limit: number, cursor?: Record<string, unknown>) {
    if (cursor && !partnerKeys.isStoresCursor(partnerId, cursor)) {
      throw new ValidationFailed([{ path: 'cursor', message: "Not a cursor of this partner's stores." }]);
    }
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        ...partnerKeys.stores(partnerId),
        Limit: limit,
        ExclusiveStartKey: cursor ? keyOf(cursor) : undefined,
        ConsistentRead: true,
      }),
    );
    return { items: Items.map(toStore), next: LastEvaluatedKey };
  }

  async listPartners() {
    const items = await queryAll(this.client, {
      TableName: this.table,
      ...partnerKeys.listed(),
    });
    return items.map(toPartner);
  }
}
