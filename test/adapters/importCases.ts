/** The import store's contract: an import once, disjoint row numbers, each member imported whole once. */
import { expect } from 'vitest';
import type { ImportedMember } from '../../shared/ports/ImportStore.js';
import { fixture as f, type StoreCase } from './storeFixtures.js';

const member = (row: number, memberId: string, rowFingerprint = `row-${row}`): ImportedMember => ({
  row,
  rowFingerprint,
  importedAt: new Date(f.nowMs).toISOString(),
  profile: f.profile(memberId),
  account: f.account(memberId),
  entries: [f.entry(memberId, 1)],
  records: [],
  resolvesFailure: false,
});

export const importCases: readonly StoreCase[] = [
  {
    name: 'imports each member whole once, tells a replayed row from a taken one and from an existing member',
    async run({ imports, ledger }) {
      const importId = f.id('imp');
      const job = {
        importId,
        status: 'open' as const,
        options: { enrolmentBonus: false, welcomeEmail: false },
        fingerprint: 'opts',
        createdAt: new Date(f.nowMs).toISOString(),
        createdBy: { partnerId: 'ops', keyId: 'k' },
        completedAt: null,
      };
      expect((await imports.create(job, [])).created).toBe(true);
      expect(await imports.create({ ...job, fingerprint: 'other' }, [])).toEqual({ created: false, job });
      expect(await imports.reserveRows(importId, 3)).toBe(1);
      expect(await imports.reserveRows(importId, 2)).toBe(4);
      const [a, b] = [f.id('m'), f.id('m')];
      const deadline = Date.now() + 60_000;
      expect(await imports.importMembers(importId, [member(1, a), member(2, b)], deadline)).toEqual([
        { kind: 'imported' },
        { kind: 'imported' },
      ]);
      expect((await ledger.entries(a, 10)).items).toHaveLength(1);
      const again = await imports.importMembers(
        importId,
        [member(1, a), member(2, f.id('m'), 'changed'), member(3, b)],
        deadline,
      );
      expect(again).toEqual([
        { kind: 'alreadyImported' },
        { kind: 'rowConflict', memberId: b },
        { kind: 'memberExists' },
      ]);
      expect(await imports.importedRows(importId, [1, 2, 3])).toEqual(new Set([1, 2]));
      await imports.recordFailures(
        importId,
        [4, 5].map((row) => ({ row, memberId: null, code: 'validation_failed', detail: 'bad' })),
        new Date(f.nowMs).toISOString(),
      );
      expect(await imports.failedRows(importId, 1, 4)).toEqual(new Set([4]));
      expect(await imports.counts(importId)).toEqual({ imported: 2, failed: 2 });
      const first = await imports.failures(importId, 1);
      expect(first.items.map((failure) => failure.row)).toEqual([4]);
      const rest = await f.all((cursor) => imports.failures(importId, 1, cursor ?? first.next));
      expect(rest.map((failure) => failure.row)).toEqual([5]);
      const fixed = { ...member(4, f.id('m')), resolvesFailure: true };
      expect(await imports.importMembers(importId, [fixed], deadline)).toEqual([{ kind: 'imported' }]);
      expect(await imports.counts(importId)).toEqual({ imported: 3, failed: 1 });
      expect(await imports.complete(importId, new Date(f.nowMs).toISOString(), [])).toBe(true);
      expect(await imports.complete(importId, new Date(f.nowMs).toISOString(), [])).toBe(false);
      expect((await imports.get(importId))?.status).toBe('completed');
    },
  },
];
