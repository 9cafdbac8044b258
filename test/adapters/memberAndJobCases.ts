/** The member and job stores' contract: enrolment once, versioned changes, erasure, runs, the job indexes. */
import { expect } from 'vitest';
import { OperationKind } from '../../shared/core/records.js';
import { fixture as f, type StoreCase } from './storeFixtures.js';

const enrolled = async (stores: Parameters<StoreCase['run']>[0], changes = {}) => {
  const id = f.id('m');
  await stores.members.enrol(f.profile(id), f.account(id, changes), [f.entry(id, 1)]);
  return id;
};

export const memberAndJobCases: readonly StoreCase[] = [
  {
    name: 'enrols a member once: the same id again answers the stored profile',
    async run(stores) {
      const id = await enrolled(stores);
      const again = await stores.members.enrol(f.profile(id, { name: 'Li Si' }), f.account(id), [
        f.entry(id, 1),
      ]);
      // A profile read back names every field, null where none is stored.
      expect(again).toEqual({ created: false, profile: { ...f.profile(id), unsubscribed: null } });
      const member = await stores.members.getMember(id);
      expect(member?.profile).toEqual({ ...f.profile(id), unsubscribed: null });
      expect(member?.account.memberId).toBe(id);
      expect(member?.segment ?? null).toBeNull();
      expect((await stores.ledger.entries(id, 10)).items).toHaveLength(1);
      expect(await stores.members.getMember(f.id('nobody'))).toBeNull();
    },
  },
  {
    name: 'changes a profile only at the version it was read, and moves the version',
    async run(stores) {
      const id = await enrolled(stores);
      expect(await stores.members.updateProfile(id, 3, { name: 'Li Si' })).toBe(false);
      expect(await stores.members.updateProfile(id, 0, { name: 'Li Si', email: null })).toBe(true);
      expect(await stores.members.getProfile(id)).toEqual({
        ...f.profile(id, { name: 'Li Si', email: null, version: 1 }),
        unsubscribed: null,
      });
      expect(await stores.members.updateProfile(f.id('nobody'), 0, { name: 'x' })).toBe(false);
    },
  },
  {
    name: 'erases personal data once, marks the account erased and moves its version',
    async run(stores) {
      const id = await enrolled(stores, { tier: 'silver' });
      expect(await stores.members.erase(id, new Date(f.nowMs).toISOString())).toBe(true);
      const profile = await stores.members.getProfile(id);
      expect(profile).toMatchObject({
        name: null,
        email: null,
        phone: null,
        birthday: null,
        status: 'erased',
        version: 1,
      });
      const account = await stores.ledger.getAccount(id);
      expect(account).toMatchObject({ status: 'erased', version: 1 });
      expect(await stores.members.erase(id, new Date(f.nowMs).toISOString())).toBe(false);
      expect(await stores.members.updateProfile(id, 1, { name: 'x' })).toBe(false);
      const above = await f.all((cursor) => stores.jobs.aboveFirstTier(f.shardOf(id), 100, cursor));
      expect(above).not.toContain(id);
    },
  },
  {
    name: 'unsubscribes a member, and nobody who is not one',
    async run(stores) {
      const id = await enrolled(stores);
      const mail = () => f.all((cursor) => stores.jobs.membersWithEmail(f.shardOf(id), 100, cursor));
      expect(await mail()).toContain(id);
      expect(await stores.members.unsubscribe(id)).toBe(true);
      expect((await stores.members.getProfile(id))?.unsubscribed).toBe(true);
      expect(await mail()).not.toContain(id);
      expect(await stores.members.unsubscribe(f.id('nobody'))).toBe(false);
    },
  },
  {
    name: 'finds members by soonest expiry, tier and birthday in their shard',
    async run(stores) {
      const id = await enrolled(stores, { tier: 'gold', lots: { '2027-06-30': 10, '2028-06-30': 5 } });
      const shard = f.shardOf(id);
      const due = (day: string) => f.all((cursor) => stores.jobs.dueForExpiry(shard, day, 100, cursor));
      expect(await due('2027-06-29')).not.toContain(id);
      expect(await due('2027-06-30')).toContain(id);
      expect(await f.all((cursor) => stores.jobs.aboveFirstTier(shard, 100, cursor))).toContain(id);
      const birthdays = (from: string, to: string) =>
        f.all((cursor) => stores.jobs.birthdaysBetween(shard, from, to, 100, cursor));
      expect(await birthdays('05-17', '05-17')).toContain(id);
      expect(await birthdays('05-18', '05-31')).not.toContain(id);
    },
  },
  {
    name: 'lists held redemptions whose hold ran out, in their shard',
    async run(stores) {
      const redemptionId = f.id('rd');
      const hold = f.record(OperationKind.redemption, f.id('partner'), redemptionId, {
        status: 'held',
        holdUntil: '2027-03-01T03:00:00.000Z',
      });
      await stores.ledger.putRecord(hold);
      const expired = (now: string) =>
        f.all((cursor) => stores.jobs.expiredHolds(f.shardOf(redemptionId), now, 100, cursor));
      expect(await expired('2027-03-01T02:59:59.000Z')).not.toContainEqual({
        partnerId: hold.scope,
        redemptionId,
      });
      expect(await expired('2027-03-01T03:00:01.000Z')).toContainEqual({
        partnerId: hold.scope,
        redemptionId,
      });
      await stores.ledger.putRecord(
        f.record(hold.kind, hold.scope, redemptionId, { ...hold.data, status: 'completed' }),
      );
      expect(await expired('2027-03-01T03:00:01.000Z')).not.toContainEqual({
        partnerId: hold.scope,
        redemptionId,
      });
    },
  },
  {
    name: 'creates a run once, counts each message once and finishes it once',
    async run({ jobs }) {
      const runId = f.id('run');
      expect((await jobs.createRun(f.run(runId))).created).toBe(true);
      const again = await jobs.createRun(f.run(runId, { job: 'tier-review' }));
      expect(again).toMatchObject({ created: false, run: { job: 'expire-points' } });
      const run = (await jobs.getRun(runId))!;
      expect((await jobs.countOnce(run, 'msg-1', { processed: 3, outstanding: 1 })).run).toMatchObject({
        processed: 3,
        outstanding: 1,
      });
      expect((await jobs.countOnce(run, 'msg-2', { processed: 2, outstanding: -1 })).run).toMatchObject({
        processed: 5,
        outstanding: 0,
      });
      const replay = await jobs.countOnce(run, 'msg-1', { processed: 3 });
      expect(replay).toMatchObject({ counted: false, run: { processed: 5 } });
      await jobs.finish(runId, 'succeeded', '2027-03-01T02:01:00.000Z');
      await jobs.finish(runId, 'failed', '2027-03-01T02:02:00.000Z');
      expect(await jobs.getRun(runId)).toMatchObject({
        status: 'succeeded',
        finishedAt: '2027-03-01T02:01:00.000Z',
        processed: 5,
      });
      await expect(jobs.restartRun(f.run(runId, { attempt: 2 }))).rejects.toThrow();
    },
  },
  {
    name: 'restarts a failed run with fresh counts for its new attempt',
    async run({ jobs }) {
      const runId = f.id('run');
      await jobs.createRun(f.run(runId));
      const first = (await jobs.getRun(runId))!;
      await jobs.countOnce(first, 'msg-1', { processed: 4 });
      await jobs.finish(runId, 'failed', '2027-03-01T02:01:00.000Z');
      await jobs.restartRun(f.run(runId, { attempt: 2 }));
      const second = (await jobs.getRun(runId))!;
      expect(second).toMatchObject({ status: 'running', attempt: 2, processed: 0 });
      expect((await jobs.countOnce(second, 'msg-1', { processed: 1 })).counted).toBe(true);
      await jobs.countOnce(first, 'msg-9', { processed: 7 });
      expect((await jobs.getRun(runId))?.processed).toBe(1);
      await jobs.markDispatched(runId);
      expect((await jobs.getRun(runId))?.dispatched).toBe(true);
    },
  },
  {
    name: 'keeps partners and their keys by hash, and refuses a revoked key no more than once',
    async run({ partners }) {
      const partnerId = f.id('p');
      const partner = { partnerId, name: 'Shop', createdAt: new Date(f.nowMs).toISOString() };
      expect(await partners.createPartner(partner)).toEqual({ created: true, partner });
      expect(await partners.createPartner({ ...partner, name: 'Other' })).toEqual({
        created: false,
        partner,
      });
      const key = {
        keyId: f.id('k'),
        partnerId,
        scopes: [],
        storeIds: null,
        name: null,
        createdAt: partner.createdAt,
        revokedAt: null,
      };
      const hash = f.id('hash');
      await partners.putKey(key, hash);
      await partners.putKey(key, hash);
      await expect(partners.putKey({ ...key, keyId: f.id('k') }, hash)).rejects.toThrow();
      expect(await partners.findKeyByHash(hash)).toEqual(key);
      expect(await partners.revokeKey(partnerId, key.keyId, '2027-03-02T00:00:00.000Z')).toBe(true);
      expect(await partners.revokeKey(partnerId, key.keyId, '2027-03-03T00:00:00.000Z')).toBe(true);
      expect((await partners.findKeyByHash(hash))?.revokedAt).toBe('2027-03-02T00:00:00.000Z');
      expect(await partners.revokeKey(partnerId, f.id('k'), '2027-03-02T00:00:00.000Z')).toBe(false);
      expect(await partners.listKeys(partnerId)).toHaveLength(1);
    },
  },
];
