/**
 * The stores' contract (issue 18 item 7): the same cases, table-driven, against the DynamoDB
 * stores (on this file's DynamoDB Local table) and the memory ones (shared/adapters/memory/), so
 * that the memory stores the fast model run uses cannot drift from the real ones. Every case uses
 * ids of its own, so it sees only what it wrote (the index reads check only for its own ids).
 */
import { describe, it } from 'vitest';
import { DynamoAggregateStore } from '../../shared/adapters/dynamodb/DynamoAggregateStore.js';
import { DynamoAuditLog } from '../../shared/adapters/dynamodb/DynamoAuditLog.js';
import { DynamoImportStore } from '../../shared/adapters/dynamodb/DynamoImportStore.js';
import { DynamoJobStore } from '../../shared/adapters/dynamodb/DynamoJobStore.js';
import { DynamoLedgerStore } from '../../shared/adapters/dynamodb/DynamoLedgerStore.js';
import { DynamoMemberStore } from '../../shared/adapters/dynamodb/DynamoMemberStore.js';
import { DynamoPartnerStore } from '../../shared/adapters/dynamodb/DynamoPartnerStore.js';
import { MemoryDatabase } from '../../shared/adapters/memory/MemoryDatabase.js';
import { memoryStores } from '../../shared/wiring/memory.js';
import { aggregateAndAuditCases } from './aggregateAndAuditCases.js';
import { importCases } from './importCases.js';
import { ledgerCases } from './ledgerCases.js';
import { memberAndJobCases } from './memberAndJobCases.js';
import type { Stores } from './storeFixtures.js';

const implementations: readonly [string, () => Stores][] = [
  [
    'DynamoDB',
    () => ({
      ledger: new DynamoLedgerStore(),
      members: new DynamoMemberStore(),
      partners: new DynamoPartnerStore(),
      jobs: new DynamoJobStore(),
      aggregates: new DynamoAggregateStore(),
      audit: new DynamoAuditLog(),
      imports: new DynamoImportStore(),
    }),
  ],
  [
    'memory',
    () =>
      memoryStores(new MemoryDatabase(), () => {
        throw new Error('no queues here');
      }),
  ],
];

describe.each(implementations)('the %s stores', (_name, build) => {
  const stores = build();
  it.each(
    [...ledgerCases, ...memberAndJobCases, ...aggregateAndAuditCases, ...importCases].map(
      (c) => [c.name, c] as const,
    ),
  )('%s', async (_case, c) => {
    await c.run(stores);
  });
});
