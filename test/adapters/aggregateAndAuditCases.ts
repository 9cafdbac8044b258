/** The aggregate store's and the audit log's contract: facts counted once, figures at their version, newest first. */
import { expect } from 'vitest';
import { dayPeriod, type MemberStats, partnerScope } from '../../shared/domain/aggregates.js';
import { AuditAction, auditEntry } from '../../shared/domain/audit.js';
import { FactsCounted, FoldConflict } from '../../shared/ports/AggregateStore.js';
import { fixture as f, type StoreCase } from './storeFixtures.js';

const stats = (memberId: string, version: number): MemberStats => ({
  memberId,
  version,
  purchases: version,
  spendFen: 100 * version,
  months: {},
});

export const aggregateAndAuditCases: readonly StoreCase[] = [
  {
    name: 'counts a fact once, adds counters that readers sum, and names the facts counted before',
    async run({ aggregates }) {
      const scope = partnerScope(f.id('P'));
      const fact = f.id('fact');
      const plan = (factIds: string[], points: number) => ({
        factIds,
        counters: [
          { key: { scope, period: dayPeriod('2027-03-01') }, add: { issued: points } },
          { key: { scope, period: { of: 'month', month: '2027-03' } as const }, add: { issued: points } },
        ],
        members: [],
      });
      await aggregates.commitFold(plan([fact], 10), 0);
      await aggregates.commitFold(plan([f.id('fact')], 5), 3);
      const error = await aggregates.commitFold(plan([fact, f.id('fact')], 7), 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FactsCounted);
      expect((error as FactsCounted).factIds).toEqual([fact]);
      expect(await aggregates.readDays(scope, '2027-03-01', '2027-03-31')).toEqual(
        new Map([['2027-03-01', { issued: 15 }]]),
      );
      expect(await aggregates.readDays(scope, '2027-04-01', '2027-04-30')).toEqual(new Map());
      expect(await aggregates.readMonths(scope, '2027-01', '2027-12')).toEqual(
        new Map([['2027-03', { issued: 15 }]]),
      );
    },
  },
  {
    name: "writes a member's figures only at the version they were read",
    async run({ aggregates }) {
      const memberId = f.id('m');
      const write = (expectedVersion: number | null, version: number) =>
        aggregates.commitFold(
          {
            factIds: [f.id('fact')],
            counters: [],
            members: [{ expectedVersion, next: stats(memberId, version) }],
          },
          0,
        );
      await write(null, 1);
      expect(await write(null, 1).catch((e: unknown) => e)).toBeInstanceOf(FoldConflict);
      expect(await write(5, 6).catch((e: unknown) => e)).toBeInstanceOf(FoldConflict);
      await write(1, 2);
      expect((await aggregates.readMemberStats([memberId, f.id('none')])).get(memberId)).toEqual(
        stats(memberId, 2),
      );
      const page = await f.all((cursor) => aggregates.membersPage(f.shardOf(memberId), 100, cursor));
      expect(page).toContain(memberId);
    },
  },
  {
    name: 'lists audit entries newest first within the range, by action, a page at a time',
    async run({ audit }) {
      const partnerId = f.id('p');
      const actor = { partnerId, keyId: 'k' };
      const at = (minutes: number) => f.nowMs + minutes * 60_000;
      const entries = [
        auditEntry(actor, AuditAction.partnerCreated, 'partner:a', at(1)),
        auditEntry(actor, AuditAction.keyIssued, 'key:a', at(2)),
        auditEntry(actor, AuditAction.keyRevoked, 'key:a', at(3)),
        auditEntry({ partnerId: f.id('other'), keyId: 'k' }, AuditAction.keyIssued, 'key:b', at(4)),
      ];
      for (const entry of entries) await audit.append(entry);
      await expect(audit.append(entries[0]!)).rejects.toThrow();
      const query = { fromMs: at(0), toMs: at(10), partnerId, limit: 2 };
      const first = await audit.list(query);
      expect(first.items.map((entry) => entry.action)).toEqual([
        AuditAction.keyRevoked,
        AuditAction.keyIssued,
      ]);
      const rest = await f.all((cursor) => audit.list({ ...query, cursor: cursor ?? first.next }));
      expect(rest.map((entry) => entry.action)).toEqual([AuditAction.partnerCreated]);
      const issued = await audit.list({ ...query, action: AuditAction.keyIssued, limit: 10 });
      expect(issued.items.map((entry) => entry.target)).toEqual(['key:a']);
      const early = await audit.list({ fromMs: at(0), toMs: at(2), partnerId, limit: 10 });
      expect(early.items.map((entry) => entry.target)).toEqual(['partner:a']);
    },
  },
];
