/**
 * The memory stores under every handler of the process (issue 18 item 7): the same handlers, use
 * cases and domain run on shared/adapters/memory/ instead of DynamoDB, for a fast in-process model
 * run. Tests only; the queues are the caller's (test/support/memoryQueues.ts delivers them to the
 * real consumers).
 */
import { MemoryAdjustmentList } from '../adapters/memory/MemoryAdjustmentList.js';
import { MemoryAggregateStore } from '../adapters/memory/MemoryAggregateStore.js';
import { MemoryAuditLog } from '../adapters/memory/MemoryAuditLog.js';
import { MemoryDatabase } from '../adapters/memory/MemoryDatabase.js';
import { MemoryImportStore } from '../adapters/memory/MemoryImportStore.js';
import { MemoryJobStore } from '../adapters/memory/MemoryJobStore.js';
import { MemoryLedgerStore } from '../adapters/memory/MemoryLedgerStore.js';
import { MemoryMemberStore } from '../adapters/memory/MemoryMemberStore.js';
import { MemoryPartnerStore } from '../adapters/memory/MemoryPartnerStore.js';
import { type StoreOverride, useStores } from './adapters.js';

/** Every memory store over one database, as the DynamoDB ones share one table. */
export function memoryStores(db: MemoryDatabase, queue: StoreOverride['queue']): StoreOverride {
  return {
    ledger: new MemoryLedgerStore(db),
    members: new MemoryMemberStore(db),
    partners: new MemoryPartnerStore(db),
    jobs: new MemoryJobStore(db),
    aggregates: new MemoryAggregateStore(db),
    audit: new MemoryAuditLog(db),
    adjustments: new MemoryAdjustmentList(db),
    imports: new MemoryImportStore(db),
    queue,
  };
}

/** Puts fresh memory stores under every handler; answers their database (the stream's changes are read from it). */
export function useMemoryAdapters(queue: StoreOverride['queue']): MemoryDatabase {
  const db = new MemoryDatabase();
  useStores(memoryStores(db, queue));
  return db;
}
