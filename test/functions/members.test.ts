import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoLedgerStore } from '../../shared/adapters/dynamodb/DynamoLedgerStore.js';
import { Scope } from '../../shared/core/scopes.js';
import { VersionConflict } from '../../shared/ports/LedgerStore.js';
import { admin, call, deliver, partnerKey, uniqueId } from './harness.js';

let writer: string;
let reader: string;
let piiReader: string;

beforeAll(async () => {
  writer = (await partnerKey([Scope.membersWrite, Scope.membersRead])).key;
  reader = (await partnerKey([Scope.membersRead])).key;
  piiReader = (await partnerKey([Scope.membersRead, Scope.piiRead])).key;
});

describe('authentication and scopes', () => {
  it('refuses a request without a key with 401 problem+json', async () => {
    const response = await call('GET', '/v1/members/anyone', { key: null });
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('refuses an unknown key with 401', async () => {
    const response = await call('GET', '/v1/members/anyone', { key: 'jf_not-a-real-key' });
    expect(response.status).toBe(401);
  });

  it('refuses a key without the needed scope with 403', async () => {
    const response = await call('POST', '/v1/members', { key: reader, body: { memberId: uniqueId('m') } });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'forbidden' });
  });

  it('refuses a revoked key at once', async () => {
    const partner = await partnerKey([Scope.membersRead]);
    expect((await call('GET', '/v1/members/nobody', { key: partner.key })).status).toBe(404);
    const revoked = await call('DELETE', `/v1/partners/${partner.partnerId}/keys/${partner.keyId}`, {
      key: await admin(),
    });
    expect(revoked.status).toBe(204);
    expect((await call('GET', '/v1/members/nobody', { key: partner.key })).status).toBe(401);
  });

  it('lets the admin scope stand for every other scope', async () => {
    const response = await call('POST', '/v1/members', {
      key: await admin(),
      body: { memberId: uniqueId('m') },
    });
    expect(response.status).toBe(201);
  });

  it('shows a new key once and stores only its hash', async () => {
    const partner = await partnerKey([Scope.pointsEarn]);
    expect(partner.key).toMatch(/^jf_/);
    const { DynamoPartnerStore } = await import('../../shared/adapters/dynamodb/DynamoPartnerStore.js');
    const { hashApiKey } = await import('../../shared/features/partners/apiKeys.js');
    const record = await new DynamoPartnerStore().findKeyByHash(hashApiKey(partner.key));
    expect(record).toMatchObject({ partnerId: partner.partnerId, scopes: ['points:earn'] });
    expect(JSON.stringify(record)).not.toContain(partner.key);
  });
});

describe('enrolment', () => {
  it('enrols a member with the enrolment bonus and the base tier', async () => {
    const memberId = uniqueId('m');
    const response = await call('POST', '/v1/members', {
      key: writer,
      body: { memberId, email: 'zhang.wei@example.com', phone: '13812345678', name: '张伟', locale: 'zh-CN' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      memberId,
      name: '张伟',
      email: 'z***@example.com',
      phone: '138****5678',
      status: 'active',
      tier: { code: 'base', name: '普通会员' },
      nextTier: { code: 'silver', spendNeeded: { amount: 100000, currency: 'CNY' } },
      qualifyingSpend: { amount: 0, currency: 'CNY' },
      discountRate: 0.9,
      points: { available: 100, pending: 0 },
    });
  });

  it('answers 200 with the same member when the same enrolment is repeated', async () => {
    const memberId = uniqueId('m');
    const body = { memberId, email: 'a@example.com' };
    expect((await call('POST', '/v1/members', { key: writer, body })).status).toBe(201);
    const again = await call('POST', '/v1/members', { key: writer, body });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ memberId, points: { available: 100 } });
  });

  it('answers 409 member_exists when the id is enrolled again with another body', async () => {
    const memberId = uniqueId('m');
    await call('POST', '/v1/members', { key: writer, body: { memberId, email: 'a@example.com' } });
    const other = await call('POST', '/v1/members', {
      key: writer,
      body: { memberId, email: 'b@example.com' },
    });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'member_exists' });
  });

  it('answers 409 member_exists to another partner whatever the body, even an exact copy (no oracle)', async () => {
    const memberId = uniqueId('m');
    const body = { memberId, phone: '13812345678', name: '李娜' };
    expect((await call('POST', '/v1/members', { key: writer, body })).status).toBe(201);
    const other = (await partnerKey([Scope.membersWrite, Scope.membersRead])).key;
    // Guessing the masked phone: the right guess and a wrong one are answered alike.
    for (const guess of [body, { ...body, phone: '13812340000' }]) {
      const answer = await call('POST', '/v1/members', { key: other, body: guess });
      expect(answer).toMatchObject({ status: 409, body: { code: 'member_exists' } });
      expect(JSON.stringify(answer.body)).not.toContain('5678');
    }
    expect((await call('POST', '/v1/members', { key: writer, body })).status).toBe(200);
  });

  it('names every bad and unknown field in a 400', async () => {
    const response = await call<{ code: string; errors: { path: string }[] }>('POST', '/v1/members', {
      key: writer,
      body: { memberId: 'bad id!', email: 'not-an-email', birthday: '1990-13-45', points: 500 },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((error) => error.path).sort()).toEqual([
      'birthday',
      'email',
      'memberId',
      'points',
    ]);
  });

  it('answers malformed JSON with 400 validation_failed', async () => {
    const response = await call('POST', '/v1/members', { key: writer, rawBody: '{"memberId": ' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'validation_failed' });
  });

  it('answers a body over 256 KB with 413 and stores nothing', async () => {
    const memberId = uniqueId('m');
    const response = await call('POST', '/v1/members', {
      key: writer,
      rawBody: JSON.stringify({ memberId, name: 'x'.repeat(300 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ code: 'payload_too_large' });
    expect((await call('GET', `/v1/members/${memberId}`, { key: reader })).status).toBe(404);
  });
});

describe('reading, updating and erasing members', () => {
  it('masks email and phone unless the key has pii:read', async () => {
    const memberId = uniqueId('m');
    await call('POST', '/v1/members', {
      key: writer,
      body: { memberId, email: 'li.na@example.com', phone: '+8613912345678' },
    });
    const masked = await call('GET', `/v1/members/${memberId}`, { key: reader });
    expect(masked.body).toMatchObject({ email: 'l***@example.com', phone: '+86****5678' });
    const clear = await call('GET', `/v1/members/${memberId}`, { key: piiReader });
    expect(clear.body).toMatchObject({ email: 'li.na@example.com', phone: '+8613912345678' });
  });

  it('changes profile fields and refuses points, tier or status', async () => {
    const memberId = uniqueId('m');
    await call('POST', '/v1/members', { key: writer, body: { memberId } });
    const changed = await call('PATCH', `/v1/members/${memberId}`, {
      key: writer,
      body: { name: 'Wang Fang', locale: 'en', marketingConsent: true },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Wang Fang', locale: 'en', marketingConsent: true });
    for (const field of [{ points: 1000 }, { tier: 'gold' }, { status: 'erased' }]) {
      const refused = await call<{ errors: { path: string }[] }>('PATCH', `/v1/members/${memberId}`, {
        key: writer,
        body: field,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0]?.path).toBe(Object.keys(field)[0]);
    }
    const after = await call('GET', `/v1/members/${memberId}`, { key: reader });
    expect(after.body).toMatchObject({
      tier: { code: 'base' },
      status: 'active',
      points: { available: 100 },
    });
  });

  it('erases personal data, keeps the ledger and refuses later writes', async () => {
    const memberId = uniqueId('m');
    await call('POST', '/v1/members', {
      key: writer,
      body: {
        memberId,
        email: 'gone@example.com',
        phone: '13800000000',
        name: 'Gone',
        birthday: '1990-01-01',
      },
    });
    // Erasure is its own scope: members:write alone may not erase.
    const forbidden = await call('DELETE', `/v1/members/${memberId}`, { key: writer });
    expect(forbidden).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    const eraser = (await partnerKey([Scope.membersErase])).key;
    expect((await call('DELETE', `/v1/members/${memberId}`, { key: eraser })).status).toBe(204);
    const erased = await call('GET', `/v1/members/${memberId}`, { key: piiReader });
    expect(erased.body).toMatchObject({
      status: 'erased',
      name: null,
      email: null,
      phone: null,
      birthday: null,
    });
    expect(
      (await call('PATCH', `/v1/members/${memberId}`, { key: writer, body: { name: 'Back' } })).status,
    ).toBe(404);
    expect((await call('DELETE', `/v1/members/${memberId}`, { key: eraser })).status).toBe(404);
    const earner = (await partnerKey([Scope.pointsEarn])).key;
    const purchase = await call('POST', '/v1/purchases', {
      key: earner,
      body: {
        purchaseId: uniqueId('p'),
        memberId,
        storeId: 's',
        occurredAt: new Date().toISOString(),
        currency: 'CNY',
        amount: 1000,
      },
    });
    expect(purchase.status).toBe(404);
    const activity = await call('POST', `/v1/members/${memberId}/activities`, {
      key: earner,
      body: { activityId: uniqueId('a'), type: 'sign_in', occurredAt: new Date().toISOString() },
    });
    expect(activity.status).toBe(404);
    const ledger = await call<{ items: unknown[] }>('GET', `/v1/members/${memberId}/transactions`, {
      key: reader,
    });
    expect(ledger.body.items).toHaveLength(1);
  });

  it('keeps an erased member erased when a write that read the account before commits after', async () => {
    const memberId = uniqueId('m');
    await call('POST', '/v1/members', { key: writer, body: { memberId, email: 'inflight@example.com' } });
    const ledger = new DynamoLedgerStore();
    // A write in flight: it read the active account, and commits after the erasure.
    const before = (await ledger.getAccount(memberId))!;
    const eraser = (await partnerKey([Scope.membersErase])).key;
    expect((await call('DELETE', `/v1/members/${memberId}`, { key: eraser })).status).toBe(204);
    await expect(
      ledger.commit({
        accounts: [{ next: { ...before, version: before.version + 1 }, expectedVersion: before.version }],
        entries: [],
        records: [],
      }),
    ).rejects.toBeInstanceOf(VersionConflict);
    expect(await ledger.getAccount(memberId)).toMatchObject({ status: 'erased' });
    const read = await call('GET', `/v1/members/${memberId}`, { key: piiReader });
    expect(read.body).toMatchObject({ status: 'erased', email: null });
  });

  it('answers 404 for a member that does not exist', async () => {
    const response = await call('GET', '/v1/members/does-not-exist', { key: reader });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'not_found' });
  });
});

describe('facts that earn points are guarded', () => {
  type Audit = {
    items: { action: string; target: string; actor: Record<string, string>; detail: unknown }[];
  };
  const auditOf = async (action: string, memberId: string) =>
    (
      await call<Audit>('GET', '/v1/admin/audit', { key: await admin(), query: { action } })
    ).body.items.filter((entry) => entry.target === `member:${memberId}`);

  it('changes a birthday once set only with members:identity (admin implies it), audited', async () => {
    const memberId = uniqueId('m');
    await call('POST', '/v1/members', { key: writer, body: { memberId, birthday: '1990-03-15' } });
    for (const birthday of [
      `${new Date().getFullYear() - 30}-${String(new Date().getMonth() + 1).padStart(2, '0')}-01`,
      null,
    ]) {
      const refused = await call('PATCH', `/v1/members/${memberId}`, { key: writer, body: { birthday } });
      expect(refused).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    }
    // The same birthday again changes nothing, and other fields change as before.
    expect(
      (
        await call('PATCH', `/v1/members/${memberId}`, {
          key: writer,
          body: { birthday: '1990-03-15', name: 'Li' },
        })
      ).status,
    ).toBe(200);
    expect((await call('GET', `/v1/members/${memberId}`, { key: reader })).body).toMatchObject({
      birthday: '1990-03-15',
      name: 'Li',
    });
    expect(await auditOf('member.birthday_changed', memberId)).toEqual([]);

    const identity = await partnerKey([Scope.membersWrite, Scope.membersIdentity]);
    const changed = await call('PATCH', `/v1/members/${memberId}`, {
      key: identity.key,
      body: { birthday: '1990-04-15' },
    });
    expect(changed).toMatchObject({ status: 200, body: { birthday: '1990-04-15' } });
    expect(
      (
        await call('PATCH', `/v1/members/${memberId}`, {
          key: await admin(),
          body: { birthday: '1990-05-15' },
        })
      ).status,
    ).toBe(200);
    const audit = await auditOf('member.birthday_changed', memberId);
    expect(audit).toHaveLength(2);
    expect(audit).toContainEqual(
      expect.objectContaining({ actor: { partnerId: identity.partnerId, keyId: identity.keyId } }),
    );
    expect(JSON.stringify(audit)).not.toMatch(/1990/);
  });

  it('lets members:write set a birthday that was never set', async () => {
    const memberId = uniqueId('m');
    await call('POST', '/v1/members', { key: writer, body: { memberId } });
    const set = await call('PATCH', `/v1/members/${memberId}`, {
      key: writer,
      body: { birthday: '1992-07-07' },
    });
    expect(set).toMatchObject({ status: 200, body: { birthday: '1992-07-07' } });
  });

  it('audits a change of email or phone by field name only', async () => {
    const memberId = uniqueId('m');
    await call('POST', '/v1/members', {
      key: writer,
      body: { memberId, email: 'before.change@example.com', phone: '13811112222' },
    });
    const changed = await call('PATCH', `/v1/members/${memberId}`, {
      key: writer,
      body: { email: 'after.change@example.com', phone: '13933334444' },
    });
    expect(changed.status).toBe(200);
    await call('PATCH', `/v1/members/${memberId}`, { key: writer, body: { locale: 'en' } });
    const audit = await auditOf('member.contact_changed', memberId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ detail: { fields: ['email', 'phone'] } });
    expect(JSON.stringify(audit)).not.toMatch(/change@|1381111|1393333/);
  });
});

describe('a member’s history through another partner’s key', () => {
  it('shows another partner’s entries without their details, ids or cursors that name them', async () => {
    const tillA = await partnerKey([Scope.membersWrite, Scope.membersRead, Scope.pointsEarn]);
    const tillB = await partnerKey([Scope.membersRead, Scope.pointsEarn]);
    const memberId = uniqueId('m');
    await call('POST', '/v1/members', { key: tillA.key, body: { memberId } });
    const purchaseId = uniqueId('secret-purchase');
    const purchase = {
      purchaseId,
      memberId,
      storeId: 'flagship-store',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      currency: 'CNY',
      amount: 43_210,
      items: [{ sku: 'sku-secret', quantity: 1, amount: 43_210 }],
    };
    expect((await call('POST', '/v1/purchases', { key: tillA.key, body: purchase })).status).toBe(202);
    await deliver('accrual', [{ partnerId: tillA.partnerId, purchaseId }]);
    const activityId = uniqueId('b-activity');
    await call('POST', `/v1/members/${memberId}/activities`, {
      key: tillB.key,
      body: { activityId, type: 'sign_in', occurredAt: new Date().toISOString() },
    });

    type Page = { items: Record<string, unknown>[]; nextCursor: string | null };
    const read = async (key: string, query: Record<string, string> = {}) =>
      (await call<Page>('GET', `/v1/members/${memberId}/transactions`, { key, query })).body;

    const seenByB = await read(tillB.key);
    expect(seenByB.items).toHaveLength(3);
    const [own, ...others] = seenByB.items;
    expect(own).toMatchObject({ type: 'activity', reference: `activity:${activityId}` });
    for (const entry of others) {
      expect(Object.keys(entry).sort()).toEqual([
        'createdAt',
        'occurredAt',
        'partner',
        'points',
        'transactionId',
        'type',
      ]);
      expect(entry).toMatchObject({ partner: 'other', transactionId: expect.stringMatching(/^tx_/) });
    }
    expect(others.map((entry) => entry.type)).toEqual(['earn', 'bonus']);
    const text = JSON.stringify(seenByB);
    for (const secret of [purchaseId, tillA.partnerId, 'flagship-store', 'sku-secret', '43210', memberId]) {
      expect(text).not.toContain(secret);
    }
    // Page by page: the cursors name no entry either, and the pages join up.
    const ids: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page = await read(tillB.key, { limit: '1', ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((entry) => entry.transactionId));
      cursor = page.nextCursor;
      if (cursor) expect(Buffer.from(cursor, 'base64url').toString('utf8')).not.toContain(purchaseId);
    } while (cursor);
    expect(ids).toEqual(seenByB.items.map((entry) => entry.transactionId));

    // The partner that made them, and the operator, see them in full.
    for (const key of [tillA.key, await admin()]) {
      const earn = (await read(key)).items.find((entry) => entry.type === 'earn');
      expect(earn).toMatchObject({ reference: `purchase:${purchaseId}`, breakdown: expect.any(Array) });
      expect(earn?.partner).toBeUndefined();
    }
  });

  it('refuses a cursor it did not hand out', async () => {
    const forged = Buffer.from(JSON.stringify({ pk: 'MEMBER#x', sk: 'TX#9' }), 'utf8').toString('base64url');
    const tampered = Buffer.from(JSON.stringify({ sealed: 'AAAA' }), 'utf8').toString('base64url');
    for (const cursor of [forged, tampered]) {
      const answer = await call('GET', '/v1/members/anyone/transactions', { key: reader, query: { cursor } });
      expect(answer).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    }
  });
});

describe('public routes', () => {
  it('answers /health without a key', async () => {
    const response = await call('GET', '/health', { key: null });
    expect(response).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('serves an OpenAPI 3.1 document with every route', async () => {
    const response = await call<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      'GET',
      '/openapi.json',
      { key: null },
    );
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths['/v1/members/{memberId}'] ?? {}).sort()).toEqual([
      'delete',
      'get',
      'patch',
    ]);
  });
});
