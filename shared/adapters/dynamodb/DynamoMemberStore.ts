import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { OperationRecord } from '../../core/records.js';
import type { AccountState } from '../../domain/account.js';
import type { AuditEntry } from '../../domain/audit.js';
import type { LedgerEntry } from '../../domain/ledgerEntry.js';
import type { MemberProfile, MemberStore, ProfileChanges } from '../../ports/MemberStore.js';
import { profileOf } from '../storedProfile.js';
import { toAccount } from './DynamoLedgerStore.js';
import { documentClient, tableName } from './documentClient.js';
import {
  accountItem,
  auditPuts,
  birthdayIndex,
  entryItem,
  ifAbsent,
  ifPresent,
  mailIndex,
  memberItemOf,
  memberItemsQuery,
  memberKeys,
  profileItem,
  recordItem,
} from './keys.js';

/** A stored profile item as the member's profile. */
export const toProfile = (item: Record<string, unknown>): MemberProfile => profileOf(item);

export class DynamoMemberStore implements MemberStore {
  constructor(
    private readonly client: DynamoDBDocumentClient = documentClient(),
    private readonly table: string = tableName(),
  ) {}

  async enrol(
    profile: MemberProfile,
    account: AccountState,
    entries: readonly LedgerEntry[],
    records: readonly OperationRecord[] = [],
  ) {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: profileItem(profile),
                ConditionExpression: ifAbsent,
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: accountItem(account),
                ConditionExpression: ifAbsent,
              },
            },
            ...entries.map((entry) => ({
              Put: {
                TableName: this.table,
                Item: entryItem(entry),
                ConditionExpression: ifAbsent,
              },
            })),
            ...records.map((record) => ({
              Put: {
                TableName: this.table,
                Item: recordItem(record),
                ConditionExpression: ifAbsent,
              },
            })),
          ],
        }),
      );
      return { created: true, profile };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const existing = await this.getProfile(profile.memberId);
      if (!existing) throw error;
      return { created: false, profile: existing };
    }
  }

  async getProfile(memberId: string) {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: memberKeys.profile(memberId), ConsistentRead: true }),
    );
    return Item ? toProfile(Item) : null;
  }

  async getMember(memberId: string) {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        ...memberItemsQuery(memberId),
        ConsistentRead: true,
      }),
    );
    const profile = memberItemOf(Items, 'profile');
    const account = memberItemOf(Items, 'account');
    if (!profile || !account) return null;
    // The aggregator's figures of the member (between the two) carry its segment.
    const metrics = memberItemOf(Items, 'metrics');
    return {
      profile: toProfile(profile),
      account: toAccount(account),
      segment: typeof metrics?.segment === 'string' ? metrics.segment : null,
    };
  }

  async updateProfile(
    memberId: string,
    expectedVersion: number,
    changes: ProfileChanges,
    with_: { readonly audit?: readonly AuditEntry[]; readonly records?: readonly OperationRecord[] } = {},
  ) {
    const names: Record<string, string> = { '#status': 'status', '#version': 'version' };
    const values: Record<string, unknown> = { ':active': 'active', ':expected': expectedVersion, ':one': 1 };
    const sets: string[] = ['#version = #version + :one'];
    const removes: string[] = [];
    if (changes.email === null) removes.push('mailShard', 'mailKey');
    if (changes.birthday === null) removes.push('bdayShard', 'bdayKey');
    if (changes.birthday) {
      const index = birthdayIndex(memberId, changes.birthday);
      values[':bdayShard'] = index.bdayShard;
      values[':bdayKey'] = index.bdayKey;
      sets.push('bdayShard = :bdayShard', 'bdayKey = :bdayKey');
    }
    if (changes.email) {
      const index = mailIndex(memberId);
      values[':mailShard'] = index.mailShard;
      values[':mailKey'] = index.mailKey;
      sets.push(
        'mailShard = if_not_exists(mailShard, :mailShard)',
        'mailKey = if_not_exists(mailKey, :mailKey)',
      );
    }
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      if (value === null) {
        removes.push(`#${field}`);
      } else {
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
    }
    const update = {
      TableName: this.table,
      Key: memberKeys.profile(memberId),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: '#status = :active AND #version = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
    const audit = with_.audit ?? [];
    const records = with_.records ?? [];
    try {
      if (audit.length === 0 && records.length === 0) {
        await this.client.send(new UpdateCommand(update));
        return true;
      }
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: update },
            ...auditPuts(this.table, audit),
            ...records.map((record) => ({
              Put: {
                TableName: this.table,
                Item: recordItem(record),
                ConditionExpression: ifAbsent,
              },
            })),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      if (error instanceof TransactionCanceledException) {
        // The profile moved on (or a concurrent write conflicted): read again and retry.
        const code = error.CancellationReasons?.[0]?.Code;
        if (code === 'ConditionalCheckFailed' || code === 'TransactionConflict') return false;
      }
      throw error;
    }
  }

  async unsubscribe(memberId: string) {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: memberKeys.profile(memberId),
          UpdateExpression: 'SET unsubscribed = :yes, version = version + :one REMOVE mailShard, mailKey',
          ConditionExpression: ifPresent,
          ExpressionAttributeValues: { ':yes': true, ':one': 1 },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async erase(memberId: string, erasedAt: string, audit: readonly AuditEntry[] = []) {
    const markErased = {
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':erased': 'erased', ':active': 'active', ':at': erasedAt },
      ConditionExpression: '#status = :active',
    };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: memberKeys.profile(memberId),
                UpdateExpression:
                  'SET #status = :erased, erasedAt = :at, version = version + :one REMOVE #name, email, phone, birthday, enrolmentFingerprint, mailShard, mailKey, bdayShard, bdayKey',
                ...markErased,
                ExpressionAttributeNames: { ...markErased.ExpressionAttributeNames, '#name': 'name' },
                ExpressionAttributeValues: { ...markErased.ExpressionAttributeValues, ':one': 1 },
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: memberKeys.account(memberId),
                // The version moves, so a write that read the account before the erasure fails its
                // condition (and, read again, finds the member erased) instead of putting it back to
                // active; the tier index forgets the member.
                UpdateExpression:
                  'SET #status = :erased, erasedAt = :at, version = version + :one REMOVE tierShard, tierKey',
                ...markErased,
                ExpressionAttributeValues: { ...markErased.ExpressionAttributeValues, ':one': 1 },
              },
            },
            ...auditPuts(this.table, audit),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }
}
