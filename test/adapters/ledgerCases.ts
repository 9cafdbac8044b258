/** The ledger store's contract: conditional writes, all or nothing, the invariants, the reads. */
import { expect } from 'vitest';
import { OperationKind } from '../../shared/core/records.js';
import { InvariantViolated } from '../../shared/domain/invariants.js';
import {
  CounterShort,
  OperationExists,
  StaleRecord,
  VersionConflict,
} from '../../shared/ports/LedgerStore.js';
import { fixture as f, type StoreCase } from './storeFixtures.js';

const refused = async (commit: Promise<void>) => {
  try {
    await commit;
  } catch (error) {
    return error as Error;
  }
  throw new Error('The change was not refused');
};

export const ledgerCases: readonly StoreCase[] = [
  {
    name: 'creates an account once: a second create of the same member is a version conflict',
    async run({ ledger }) {
      const id = f.id('m');
      await ledger.commit({
        accounts: [{ next: f.account(id), expectedVersion: -1 }],
        entries: [],
        records: [],
      });
      expect((await ledger.getAccount(id))?.version).toBe(0);
      const error = await refused(
        ledger.commit({ accounts: [{ next: f.account(id), expectedVersion: -1 }], entries: [], records: [] }),
      );
      expect(error).toBeInstanceOf(VersionConflict);
      expect(await ledger.getAccount(f.id('nobody'))).toBeNull();
    },
  },
  {
    name: 'refuses a change read at another version, and writes none of it',
    async run({ ledger }) {
      const id = f.id('m');
      await ledger.commit({
        accounts: [{ next: f.account(id), expectedVersion: -1 }],
        entries: [],
        records: [],
      });
      const next = f.account(id, { version: 1, lots: { '9999-12-31': 10 } });
      const error = await refused(
        ledger.commit({ accounts: [{ next, expectedVersion: 3 }], entries: [f.entry(id, 1)], records: [] }),
      );
      expect(error).toBeInstanceOf(VersionConflict);
      expect((await ledger.getAccount(id))?.version).toBe(0);
      expect((await ledger.entries(id, 10)).items).toEqual([]);
    },
  },
  {
    name: 'changes several accounts all or nothing',
    async run({ ledger }) {
      const [a, b] = [f.id('m'), f.id('m')];
      await ledger.commit({
        accounts: [
          { next: f.account(a), expectedVersion: -1 },
          { next: f.account(b), expectedVersion: -1 },
        ],
        entries: [],
        records: [],
      });
      const credit = (id: string) => f.account(id, { version: 1, lots: { '9999-12-31': 10 } });
      const error = await refused(
        ledger.commit({
          accounts: [
            { next: credit(a), expectedVersion: 0 },
            { next: credit(b), expectedVersion: 7 },
          ],
          entries: [f.entry(a, 1), f.entry(b, 1)],
          records: [],
        }),
      );
      expect(error).toBeInstanceOf(VersionConflict);
      expect((await ledger.getAccount(a))?.version).toBe(0);
      expect((await ledger.entries(a, 10)).items).toEqual([]);
      await ledger.commit({
        accounts: [
          { next: credit(a), expectedVersion: 0 },
          { next: credit(b), expectedVersion: 0 },
        ],
        entries: [f.entry(a, 1), f.entry(b, 1)],
        records: [],
      });
      expect((await ledger.getAccount(b))?.lots).toEqual({ '9999-12-31': 10 });
    },
  },
  {
    name: 'refuses an account that breaks an invariant before writing anything',
    async run({ ledger }) {
      const id = f.id('m');
      const error = await refused(
        ledger.commit({
          accounts: [{ next: f.account(id, { lots: { '9999-12-31': -5 } }), expectedVersion: -1 }],
          entries: [f.entry(id, 1, -5)],
          records: [],
        }),
      );
      expect(error).toBeInstanceOf(InvariantViolated);
      expect(await ledger.getAccount(id)).toBeNull();
      expect((await ledger.entries(id, 10)).items).toEqual([]);
    },
  },
  {
    name: 'answers a replay with the record that holds the id, before any other refusal',
    async run({ ledger }) {
      const id = f.id('m');
      const record = f.record(OperationKind.activity, id, f.id('act'), {
        status: 'credited',
        fingerprint: 'one',
      });
      await ledger.commit({
        accounts: [{ next: f.account(id), expectedVersion: -1 }],
        entries: [],
        records: [],
      });
      await ledger.commit({ accounts: [], entries: [], records: [{ mode: 'create', record }] });
      const again = f.record(record.kind, record.scope, record.id, { ...record.data, fingerprint: 'two' });
      const error = await refused(
        ledger.commit({
          accounts: [{ next: f.account(id, { version: 5 }), expectedVersion: 4 }],
          entries: [],
          records: [{ mode: 'create', record: again }],
        }),
      );
      expect(error).toBeInstanceOf(OperationExists);
      expect((error as OperationExists).existing.data).toEqual(record.data);
      const created = await ledger.createRecord(again);
      expect(created).toEqual({ created: false, record });
    },
  },
  {
    name: 'transitions a record only from the expected status and fingerprint',
    async run({ ledger }) {
      const record = f.record(OperationKind.coupon, 'coupons', f.id('c'), {
        status: 'issued',
        fingerprint: 'f1',
        value: 1000,
      });
      await ledger.putRecord(record);
      const used = f.record(record.kind, record.scope, record.id, { ...record.data, status: 'used' });
      const wrongStatus = await refused(
        ledger.commit({
          accounts: [],
          entries: [],
          records: [{ mode: 'transition', record: used, fromStatus: 'expired' }],
        }),
      );
      expect(wrongStatus).toBeInstanceOf(StaleRecord);
      expect((wrongStatus as StaleRecord).current).toEqual(record);
      const wrongPrint = await refused(
        ledger.commit({
          accounts: [],
          entries: [],
          records: [{ mode: 'transition', record: used, fromStatus: 'issued', fromFingerprint: 'f0' }],
        }),
      );
      expect(wrongPrint).toBeInstanceOf(StaleRecord);
      await ledger.commit({
        accounts: [],
        entries: [],
        records: [
          {
            mode: 'transition',
            record: used,
            fromStatus: 'issued',
            fromFingerprint: 1000,
            fingerprintField: 'value',
          },
        ],
      });
      expect(await ledger.getRecord(OperationKind.coupon, 'coupons', record.id)).toEqual(used);
    },
  },
  {
    name: 'decrements stock while it stays at zero or more and gives it back by increments',
    async run({ ledger }) {
      const reward = f.reward(f.id('r'), 1);
      await ledger.createRecord(reward);
      const step = (mode: 'decrement' | 'increment', id = reward.id) =>
        ledger.commit({
          accounts: [],
          entries: [],
          records: [{ mode, kind: OperationKind.reward, scope: 'catalog', id, field: 'stock' }],
        });
      await step('decrement');
      const out = await refused(step('decrement'));
      expect(out).toBeInstanceOf(StaleRecord);
      expect((out as StaleRecord).current?.data).toMatchObject({ stock: 0 });
      await step('increment');
      expect((await ledger.getRecord(OperationKind.reward, 'catalog', reward.id))?.data).toMatchObject({
        stock: 1,
      });
      const missing = await refused(step('increment', f.id('none')));
      expect(missing).toBeInstanceOf(StaleRecord);
      expect((missing as StaleRecord).current).toBeNull();
      const unlimited = f.reward(f.id('r'), null);
      await ledger.createRecord(unlimited);
      expect(await refused(step('increment', unlimited.id))).toBeInstanceOf(StaleRecord);
    },
  },
  {
    name: 'adds to a counter only within its limit, else says what it had counted',
    async run({ ledger }) {
      const counter = f.id('budget');
      const take = (n: number) =>
        ledger.commit({
          accounts: [],
          entries: [],
          records: [],
          counters: [{ counter, take: n, limit: 100 }],
        });
      await take(60);
      await take(40);
      const short = await refused(take(1));
      expect(short).toBeInstanceOf(CounterShort);
      expect((short as CounterShort).counts).toEqual({ [counter]: 100 });
      expect(await ledger.readCounters([counter, f.id('never')])).toMatchObject({ [counter]: 100 });
    },
  },
  {
    name: 'lists entries newest first a page at a time, all of them oldest first, and one by its key',
    async run({ ledger }) {
      const id = f.id('m');
      await ledger.commit({
        accounts: [{ next: f.account(id, { lots: { '9999-12-31': 50 } }), expectedVersion: -1 }],
        entries: [1, 2, 3, 4, 5].map((n) => f.entry(id, n)),
        records: [],
      });
      const first = await ledger.entries(id, 2);
      expect(first.items.map((entry) => entry.transactionId)).toEqual(['tx-5', 'tx-4']);
      const second = await ledger.entries(id, 2, first.next);
      expect(second.items.map((entry) => entry.transactionId)).toEqual(['tx-3', 'tx-2']);
      const third = await ledger.entries(id, 2, second.next);
      expect(third.items.map((entry) => entry.transactionId)).toEqual(['tx-1']);
      expect(third.next).toBeUndefined();
      await expect(ledger.entries(f.id('other'), 2, first.next)).rejects.toThrow();
      const all = [];
      for await (const entry of ledger.allEntries(id)) all.push(entry.transactionId);
      expect(all).toEqual(['tx-1', 'tx-2', 'tx-3', 'tx-4', 'tx-5']);
      const range = { fromIso: f.entry(id, 2).createdAt, toIso: f.entry(id, 4).createdAt };
      const within = [];
      for await (const entry of ledger.allEntries(id, range)) within.push(entry.transactionId);
      expect(within).toEqual(['tx-2', 'tx-3']);
      expect(await ledger.getEntry(id, f.entry(id, 3).createdAt, 'tx-3')).toEqual(f.entry(id, 3));
    },
  },
  {
    name: 'refuses an entry written twice',
    async run({ ledger }) {
      const id = f.id('m');
      await ledger.commit({
        accounts: [{ next: f.account(id), expectedVersion: -1 }],
        entries: [f.entry(id, 1)],
        records: [],
      });
      await expect(
        ledger.commit({
          accounts: [{ next: f.account(id, { version: 1 }), expectedVersion: 0 }],
          entries: [f.entry(id, 1)],
          records: [],
        }),
      ).rejects.toThrow();
      expect((await ledger.getAccount(id))?.version).toBe(0);
    },
  },
  {
    name: 'lists the catalogue by id, and never the records that are read by id only',
    async run({ ledger }) {
      const scope = f.id('catalogue');
      for (const id of ['b', 'a', 'c']) await ledger.createRecord({ ...f.reward(id, null), scope });
      await ledger.createRecord(f.record(OperationKind.purchase, scope, 'p', { status: 'accepted' }));
      expect((await ledger.listRecords(OperationKind.reward, scope)).map((record) => record.id)).toEqual([
        'a',
        'b',
        'c',
      ]);
      expect(await ledger.listRecords(OperationKind.purchase, scope)).toEqual([]);
    },
  },
  {
    name: 'scans every account, also in disjoint parts',
    async run({ ledger }) {
      const ids = [f.id('m'), f.id('m'), f.id('m')];
      for (const id of ids)
        await ledger.commit({
          accounts: [{ next: f.account(id), expectedVersion: -1 }],
          entries: [],
          records: [],
        });
      const seen: string[] = [];
      for (const index of [0, 1]) {
        for await (const page of ledger.scanAccounts({ index, of: 2 }))
          seen.push(...page.map((account) => account.memberId));
      }
      for (const id of ids) expect(seen.filter((memberId) => memberId === id)).toHaveLength(1);
    },
  },
];
