import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord, Partner, PartnerStore } from '../../ports/PartnerStore.js';
import { documentClient, putIfAbsent, tableName } from './documentClient.js';

const partnerKey = (partnerId: string) => ({ pk: `PARTNER#${partnerId}`, sk: 'PARTNER' });
const partnerKeyRefKey = (partnerId: string, keyId: string) => ({
  pk: `PARTNER#${partnerId}`,
  sk: `KEY#${keyId}`,
});
const keyByHashKey = (keyHash: string) => ({ pk: `APIKEY#${keyHash}`, sk: 'APIKEY' });

function toPartner(item: Record<string, unknown>): Partner {
  return { partnerId: String(item.partnerId), name: String(item.name), createdAt: String(item.createdAt) };
}

function toKey(item: Record<string, unknown>): ApiKeyRecord {
  return {
    keyId: String(item.keyId),
    partnerId: String(item.partnerId),
    scopes: item.scopes as ApiKeyRecord['scopes'],
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

  async createPartner(partner: Partner) {
    const existing = await putIfAbsent(this.client, this.table, {
      ...partnerKey(partner.partnerId),
      type: 'partner',
      ...partner,
    });
    return existing ? { created: false, partner: toPartner(existing) } : { created: true, partner };
  }

  async getPartner(partnerId: string) {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: partnerKey(partnerId), ConsistentRead: true }),
    );
    return Item ? toPartner(Item) : null;
  }

  async putKey(record: ApiKeyRecord, keyHash: string) {
    const item = { ...record, name: record.name ?? undefined, revokedAt: record.revokedAt ?? undefined };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...keyByHashKey(keyHash), type: 'apiKey', ...item },
                ConditionExpression: 'attribute_not_exists(pk) OR keyId = :keyId',
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

  async revokeKey(partnerId: string, keyId: string, revokedAt: string) {
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
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': revokedAt },
      },
    });
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          revoke(keyByHashKey(String(Item.keyHash))),
          revoke(partnerKeyRefKey(partnerId, keyId)),
        ],
      }),
    );
    return true;
  }
}
