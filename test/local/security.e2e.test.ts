/**
 * The OWASP API Security Top 10 (2023), walked against the local runtime over HTTP: `tsx
 * local/start.ts` as a child process with its own data directory and port, as a partner's till,
 * a second partner and an attacker would call it. Where a case is generated from the route list
 * (shared/system.ts) or the routes’ contracts (each feature’s routes.ts), a route added later is
 * walked too, or fails here until it is (the mass-assignment table asks for a row).
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { localEndpoints } from '../../local/devEndpoints.js';
import { freePort } from '../../local/services/ports.js';
import { businessClock } from '../../shared/core/clock.js';
import type { OperationSchemas } from '../../shared/core/contract.js';
import { allScopes, anyKey, operatorOnlyScopes, Scope } from '../../shared/core/scopes.js';
import { programSchema } from '../../shared/domain/program.js';
import { type HttpRoute, type Route, routes } from '../../shared/system.js';
import { type RuntimeProcess, startRuntime, until } from '../support/runtimeProcess.js';

/** A route's API contract, read as the OpenAPI document reads it. */
const contractOf = (route: { readonly contract: OperationSchemas }): OperationSchemas => route.contract;

const repoRoot = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'jifen-security-'));
let baseUrl = '';
let sqsPort = 0;

type Json = Record<string, unknown>;

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: Json;
  readonly ms: number;
}

/** Every problem body the runtime answered during the run: none may carry a stack or internals. */
const problems: string[] = [];

async function http(
  method: string,
  path: string,
  options: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const startedMs = Date.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...options.headers,
    },
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('problem+json')) problems.push(text);
  let body: Json = {};
  if (/json/.test(type) && text) body = JSON.parse(text) as Json;
  return { status: response.status, headers: response.headers, text, body, ms: Date.now() - startedMs };
}

const _sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let runtime: RuntimeProcess | undefined;

async function start(): Promise<void> {
  sqsPort = await freePort();
  // The operator console is a static build served beside the API; it is not under test here.
  runtime = await startRuntime(dataDir, { SQS_PORT: String(sqsPort), CONSOLE: 'off' });
  baseUrl = runtime.baseUrl;
}

async function stop(): Promise<void> {
  await runtime?.stop();
}

// ---------------------------------------------------------------------------------------------
// Fixtures: the reference programme, an operator, two partners and their keys, funded members.

/** The business clock is set here at start; it runs on from there. */
const startAt = '2027-03-10T10:00:00+08:00';
const dayMs = 86_400_000;

async function businessNowMs(): Promise<number> {
  return Date.parse(String((await http('GET', '/_local/clock')).body.now));
}
const isoAt = (ms: number) => new Date(ms).toISOString();
async function setClock(ms: number): Promise<void> {
  expect((await http('PUT', '/_local/clock', { body: { now: isoAt(ms) } })).status).toBe(200);
}

let adminKey = '';
const A = 'sec-a';
const B = 'sec-b';
/** Keys: A's till (every store), A's till limited to store s-1, A's app, a PII reader, B's till. */
const keys = { tillA: '', storeA: '', appA: '', piiA: '', adjustA: '', tillB: '', allButAdmin: '' };
/** One key per scope (partner sec-scopes), for the function-level walk. */
const scopeKeys = new Map<string, string>();
const tillScopes = [Scope.membersRead, Scope.membersWrite, Scope.pointsEarn, Scope.pointsRedeem];

async function issueKey(partnerId: string, scopes: readonly string[], extra: Json = {}) {
  const issued = await http('POST', `/v1/partners/${partnerId}/keys`, {
    key: adminKey,
    body: { scopes, ...extra },
  });
  expect(issued.status).toBe(201);
  return { key: String(issued.body.key), keyId: String(issued.body.keyId) };
}

/** Members with points available at once: a purchase ten days ago is past its 7-day return window. */
const funded = ['a1', 'a2', 'c1', 'c2', 'l1', 'x1', 's1', 'st1'] as const;

async function enrol(memberId: string, extra: Json = {}) {
  const enrolled = await http('POST', '/v1/members', { key: keys.tillA, body: { memberId, ...extra } });
  expect(enrolled.status).toBe(201);
}

async function purchaseOf(purchaseId: string): Promise<Json> {
  return (await http('GET', `/v1/purchases/${purchaseId}`, { key: keys.tillA })).body;
}

async function waitCredited(purchaseIds: readonly string[], key = keys.tillA) {
  for (const purchaseId of purchaseIds) {
    const read = await until(
      () => http('GET', `/v1/purchases/${purchaseId}`, { key }),
      (answer) => answer.body.status === 'credited',
    );
    expect(read.body, `purchase ${purchaseId}`).toMatchObject({ status: 'credited' });
  }
}

async function available(memberId: string): Promise<number> {
  const member = await http('GET', `/v1/members/${memberId}`, { key: adminKey });
  return Number((member.body.points as Json).available);
}

async function codeFor(memberId: string): Promise<string> {
  const issued = await http('POST', `/v1/members/${memberId}/codes`, { key: keys.appA, body: {} });
  expect(issued.status).toBe(201);
  return String(issued.body.code);
}

let seq = 0;
const fresh = (prefix: string) => `${prefix}-${++seq}-${randomBytes(3).toString('hex')}`;

const purchaseBody = (memberId: string, occurredAtMs: number, extra: Json = {}) => ({
  purchaseId: fresh('p'),
  memberId,
  storeId: 's-1',
  occurredAt: isoAt(occurredAtMs),
  currency: 'CNY',
  amount: 500_000,
  ...extra,
});

beforeAll(async () => {
  await start();
  adminKey = runtime!.adminKey;
  await setClock(Date.parse(startAt));
  for (const partnerId of [A, B, 'sec-scopes', 'sec-victim']) {
    const created = await http('POST', '/v1/partners', {
      key: adminKey,
      body: { partnerId, name: `Partner ${partnerId}` },
    });
    expect(created.status).toBe(201);
  }
  keys.tillA = (await issueKey(A, tillScopes)).key;
  keys.storeA = (
    await issueKey(A, [Scope.pointsEarn, Scope.pointsRedeem, Scope.membersRead], { storeIds: ['s-1'] })
  ).key;
  // The brand's app: members:codes is the operator's alone (a partner's key → 400).
  keys.appA = (await issueKey('operator', [Scope.membersCodes])).key;
  keys.piiA = (await issueKey(A, [Scope.membersRead, Scope.piiRead])).key;
  keys.adjustA = (await issueKey(A, [Scope.pointsAdjust])).key;
  keys.tillB = (await issueKey(B, tillScopes)).key;
  keys.allButAdmin = (
    await issueKey(
      A,
      allScopes.filter((scope) => !operatorOnlyScopes.includes(scope)),
    )
  ).key;
  for (const scope of allScopes) {
    const partnerId = operatorOnlyScopes.includes(scope) ? 'operator' : 'sec-scopes';
    scopeKeys.set(scope, (await issueKey(partnerId, [scope])).key);
  }

  for (const memberId of funded) await enrol(memberId);
  const tenDaysAgo = (await businessNowMs()) - 10 * dayMs;
  const purchases = funded.map((memberId) => purchaseBody(memberId, tenDaysAgo));
  const batch = await http('POST', '/v1/purchases/batch', { key: keys.tillA, body: { purchases } });
  expect(batch.status).toBe(202);
  await waitCredited(purchases.map((purchase) => purchase.purchaseId));
}, 180_000);

afterAll(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A route's path with every parameter filled in (`{memberId}` → values.memberId, else a dummy). */
function pathOf(route: HttpRoute, values: Record<string, string> = {}): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `zz-none-${name}`);
}

const scopedRoutes = routes.filter((route) => route.scope !== null);
const writeMethods = new Set(['POST', 'PUT', 'PATCH']);

function expectProblem(answer: Answer, status: number, code: string) {
  expect(answer.status, `${code}: ${answer.text}`).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body.code).toBe(code);
}

// ---------------------------------------------------------------------------------------------

describe('API1 Broken object level authorization', { timeout: 120_000 }, () => {
  /** A's purchase at store s-2 (by A's unlimited key), credited. */
  let purchaseA = '';
  let heldA = '';
  let completedA = '';
  let couponA = '';

  beforeAll(async () => {
    const body = purchaseBody('a1', (await businessNowMs()) - 10 * dayMs, { storeId: 's-2', amount: 20_000 });
    expect((await http('POST', '/v1/purchases', { key: keys.tillA, body })).status).toBe(202);
    purchaseA = body.purchaseId;
    await waitCredited([purchaseA]);
    const redeem = async (extra: Json) =>
      http('POST', '/v1/redemptions', {
        key: keys.tillA,
        body: { redemptionId: fresh('r'), memberCode: await codeFor('a1'), storeId: 's-2', ...extra },
      });
    const held = await redeem({ payment: { points: 100 }, hold: true });
    expect(held.body).toMatchObject({ status: 'held' });
    heldA = String(held.body.redemptionId);
    const completed = await redeem({ payment: { points: 100 } });
    expect(completed.body).toMatchObject({ status: 'completed' });
    completedA = String(completed.body.redemptionId);
    const coupon = await redeem({ rewardId: 'coupon-10' });
    expect(coupon.status).toBe(201);
    couponA = String((coupon.body.coupon as Json).code);
  });

  it("refuses partner B's reads and refunds of partner A's purchase (404), and A's purchase is unchanged", async () => {
    expectProblem(await http('GET', `/v1/purchases/${purchaseA}`, { key: keys.tillB }), 404, 'not_found');
    const now = await businessNowMs();
    const refund = await http('POST', '/v1/refunds', {
      key: keys.tillB,
      body: { refundId: fresh('rf'), purchaseId: purchaseA, amount: 20_000, occurredAt: isoAt(now) },
    });
    expectProblem(refund, 404, 'not_found');
    expect(await purchaseOf(purchaseA)).toMatchObject({
      status: 'credited',
      refundedAmount: 0,
      pointsReversed: 0,
    });
  });

  it("refuses partner B's reads, captures, voids and reversals of partner A's redemptions (404)", async () => {
    for (const id of [heldA, completedA]) {
      expectProblem(await http('GET', `/v1/redemptions/${id}`, { key: keys.tillB }), 404, 'not_found');
      for (const action of ['capture', 'void', 'reverse']) {
        const answer = await http('POST', `/v1/redemptions/${id}/${action}`, { key: keys.tillB });
        expectProblem(answer, 404, 'not_found');
      }
    }
    expect((await http('GET', `/v1/redemptions/${heldA}`, { key: keys.tillA })).body).toMatchObject({
      status: 'held',
    });
    expect((await http('GET', `/v1/redemptions/${completedA}`, { key: keys.tillA })).body).toMatchObject({
      status: 'completed',
    });
  });

  it("refuses partner B's reads and uses of a coupon issued by partner A's redemption (404)", async () => {
    expectProblem(await http('GET', `/v1/coupons/${couponA}`, { key: keys.tillB }), 404, 'not_found');
    const use = await http('POST', `/v1/coupons/${couponA}/use`, {
      key: keys.tillB,
      body: { storeId: 's-9', orderId: 'order-b' },
    });
    expectProblem(use, 404, 'not_found');
    expect((await http('GET', `/v1/coupons/${couponA}`, { key: keys.tillA })).body).toMatchObject({
      status: 'issued',
      usedAt: null,
    });
  });

  it("gives partner B its own purchase under A's purchase id, without a hint that A's exists", async () => {
    const now = await businessNowMs();
    const body = {
      purchaseId: purchaseA,
      memberId: 'a2',
      storeId: 'b-1',
      occurredAt: isoAt(now - 60_000),
      currency: 'CNY',
      amount: 1_000,
    };
    expect((await http('POST', '/v1/purchases', { key: keys.tillB, body })).status).toBe(202);
    await waitCredited([purchaseA], keys.tillB);
    expect((await http('GET', `/v1/purchases/${purchaseA}`, { key: keys.tillB })).body).toMatchObject({
      memberId: 'a2',
      amount: 1_000,
    });
    expect(await purchaseOf(purchaseA)).toMatchObject({ memberId: 'a1', amount: 20_000 });
  });

  it('refuses a key limited to store s-1 acting for s-2 (403): purchases, refunds, redemptions, reads, coupons', async () => {
    const now = await businessNowMs();
    const atS2 = purchaseBody('st1', now - 60_000, { storeId: 's-2' });
    expectProblem(await http('POST', '/v1/purchases', { key: keys.storeA, body: atS2 }), 403, 'forbidden');
    expectProblem(
      await http('GET', `/v1/purchases/${atS2.purchaseId}`, { key: keys.tillA }),
      404,
      'not_found',
    );
    // The s-1 key does act for s-1.
    const atS1 = purchaseBody('st1', now - 60_000, { amount: 1_000 });
    expect((await http('POST', '/v1/purchases', { key: keys.storeA, body: atS1 })).status).toBe(202);

    // A's own purchase made at s-2: the s-1 key may neither read nor refund it.
    expectProblem(await http('GET', `/v1/purchases/${purchaseA}`, { key: keys.storeA }), 403, 'forbidden');
    const refund = await http('POST', '/v1/refunds', {
      key: keys.storeA,
      body: { refundId: fresh('rf'), purchaseId: purchaseA, amount: 100, occurredAt: isoAt(now) },
    });
    expectProblem(refund, 403, 'forbidden');
    expect(await purchaseOf(purchaseA)).toMatchObject({ refundedAmount: 0 });

    // A redemption at s-2 with a valid code: refused before the code is spent.
    const before = await available('st1');
    const code = await codeFor('st1');
    const atOtherStore = await http('POST', '/v1/redemptions', {
      key: keys.storeA,
      body: { redemptionId: fresh('r'), memberCode: code, storeId: 's-2', payment: { points: 100 } },
    });
    expectProblem(atOtherStore, 403, 'forbidden');
    expect(await available('st1')).toBe(before);
    const atOwnStore = await http('POST', '/v1/redemptions', {
      key: keys.storeA,
      body: { redemptionId: fresh('r'), memberCode: code, storeId: 's-1', payment: { points: 100 } },
    });
    expect(atOwnStore.body).toMatchObject({ status: 'completed', points: 100 });

    // Reading (or moving on) a redemption made at s-2, and using a coupon at s-2.
    expectProblem(await http('GET', `/v1/redemptions/${completedA}`, { key: keys.storeA }), 403, 'forbidden');
    expectProblem(
      await http('POST', `/v1/redemptions/${completedA}/reverse`, { key: keys.storeA }),
      403,
      'forbidden',
    );
    const useAtS2 = await http('POST', `/v1/coupons/${couponA}/use`, {
      key: keys.storeA,
      body: { storeId: 's-2', orderId: 'order-s2' },
    });
    expectProblem(useAtS2, 403, 'forbidden');
    expect((await http('GET', `/v1/coupons/${couponA}`, { key: keys.tillA })).body).toMatchObject({
      status: 'issued',
    });
  });

  it("shows partner A's entries to partner B without their details, and no enrolment oracle", async () => {
    const seen = await http('GET', '/v1/members/a1/transactions?limit=100', { key: keys.tillB });
    expect(seen.status).toBe(200);
    const items = seen.body.items as Json[];
    expect(items.length).toBeGreaterThan(0);
    for (const entry of items) {
      expect(entry.partner, JSON.stringify(entry)).toBe('other');
      expect(Object.keys(entry).sort()).toEqual([
        'createdAt',
        'occurredAt',
        'partner',
        'points',
        'transactionId',
        'type',
      ]);
    }
    expect(seen.text).not.toMatch(/purchase:|s-1|"amount"|breakdown|sec-a/);
    const own = await http('GET', '/v1/members/a1/transactions?limit=100', { key: keys.tillA });
    expect((own.body.items as Json[]).some((entry) => String(entry.reference).startsWith('purchase:'))).toBe(
      true,
    );
    // An exact copy of A's enrolment body, from B: 409 like any other body.
    await enrol('oracle-1', { phone: '13812345678' });
    for (const phone of ['13812345678', '13812340000']) {
      const copy = await http('POST', '/v1/members', {
        key: keys.tillB,
        body: { memberId: 'oracle-1', phone },
      });
      expectProblem(copy, 409, 'member_exists');
    }
    expect(
      (
        await http('POST', '/v1/members', {
          key: keys.tillA,
          body: { memberId: 'oracle-1', phone: '13812345678' },
        })
      ).status,
    ).toBe(200);
  });

  it('refuses a birthday change without members:identity (403), and lets the admin key make it, audited', async () => {
    await enrol('bday-1', { birthday: '1990-03-15' });
    const now = new Date(await businessNowMs());
    const thisMonth = `1990-${String(now.getUTCMonth() + 1).padStart(2, '0')}-01`;
    const refused = await http('PATCH', '/v1/members/bday-1', {
      key: keys.tillA,
      body: { birthday: thisMonth },
    });
    expectProblem(refused, 403, 'forbidden');
    expect((await http('GET', '/v1/members/bday-1', { key: adminKey })).body).toMatchObject({
      birthday: '1990-03-15',
    });
    const changed = await http('PATCH', '/v1/members/bday-1', {
      key: adminKey,
      body: { birthday: '1990-04-15' },
    });
    expect(changed.status).toBe(200);
    const audit = await http('GET', '/v1/admin/audit?action=member.birthday_changed', { key: adminKey });
    expect((audit.body.items as Json[]).some((entry) => entry.target === 'member:bday-1')).toBe(true);
    expect(audit.text).not.toContain('1990-04-15');
  });

  it('audits an email change by field name and tells the old address, naming neither address', async () => {
    await enrol('contact-1', { email: 'contact.old@example.com', locale: 'en' });
    const changed = await http('PATCH', '/v1/members/contact-1', {
      key: keys.tillB,
      body: { email: 'contact.new@example.com' },
    });
    expect(changed.status).toBe(200);
    const told = await until(
      () => http('GET', '/_local/emails'),
      (answer) =>
        (answer.body.emails as { to: string[]; subject: string }[]).some(
          (mail) => mail.to.includes('contact.old@example.com') && mail.subject.includes('contact details'),
        ),
    );
    const notice = (told.body.emails as { to: string[]; subject: string; text: string }[]).find(
      (mail) => mail.to.includes('contact.old@example.com') && mail.subject.includes('contact details'),
    );
    expect(notice?.text).toContain('email address');
    expect(notice?.text).not.toContain('contact.new@');
    const audit = await http('GET', '/v1/admin/audit?action=member.contact_changed', { key: adminKey });
    const entry = (audit.body.items as Json[]).find((item) => item.target === 'member:contact-1');
    expect(entry).toMatchObject({ detail: { fields: ['email'] } });
    expect(audit.text).not.toMatch(/contact\.(old|new)@/);
  });

  it("refuses a cursor that points into another member's ledger", async () => {
    const foreign = Buffer.from(JSON.stringify({ pk: 'MEMBER#a2', sk: 'TX#9999' }), 'utf8').toString(
      'base64url',
    );
    const answer = await http('GET', `/v1/members/a1/transactions?cursor=${foreign}`, { key: keys.tillA });
    expectProblem(answer, 400, 'validation_failed');
    const garbage = await http('GET', '/v1/members/a1/transactions?cursor=bm90LWpzb24', { key: keys.tillA });
    expectProblem(garbage, 400, 'validation_failed');
  });

  afterAll(async () => {
    if (heldA) await http('POST', `/v1/redemptions/${heldA}/void`, { key: keys.tillA });
  });
});

// ---------------------------------------------------------------------------------------------

describe('API2 Broken authentication', { timeout: 120_000 }, () => {
  it('answers 401 problem+json on every route that needs a key when none is sent', async () => {
    for (const route of scopedRoutes) {
      const answer = await http(route.method, pathOf(route), {
        body: writeMethods.has(route.method) ? {} : undefined,
      });
      expect(answer.status, `${route.method} ${route.path}`).toBe(401);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.code).toBe('unauthorized');
    }
  });

  it('refuses malformed Authorization headers: Basic, Bearer without a key, two tokens, no scheme', async () => {
    const basic = Buffer.from(`operator:${adminKey}`).toString('base64');
    for (const authorization of [
      `Basic ${basic}`,
      'Bearer',
      'Bearer ',
      `Bearer ${adminKey} ${adminKey}`,
      `Bearer ${adminKey},${adminKey}`,
      adminKey,
      `Token ${adminKey}`,
      `Bearer "${adminKey}"`,
    ]) {
      const answer = await http('GET', '/v1/me', { headers: { authorization } });
      expect(answer.status, authorization.slice(0, 30)).toBe(401);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
    // The well-formed header is accepted (the scheme is case-insensitive, RFC 7235).
    expect((await http('GET', '/v1/me', { headers: { authorization: `bearer ${adminKey}` } })).status).toBe(
      200,
    );
  });

  it('refuses an unknown key and an oversized (10 KB) key with 401, without slowing down', async () => {
    expectProblem(
      await http('GET', '/v1/me', { key: `jf_${randomBytes(32).toString('base64url')}` }),
      401,
      'unauthorized',
    );
    const huge = `jf_${randomBytes(7_700).toString('base64url')}`.slice(0, 10_240);
    expect(huge.length).toBe(10_240);
    const answer = await http('GET', '/v1/members/a1', { key: huge });
    expectProblem(answer, 401, 'unauthorized');
    expect(answer.ms).toBeLessThan(5_000);
  });

  it('refuses a key revoked through the API from then on', async () => {
    const { key, keyId } = await issueKey(A, [Scope.membersRead]);
    expect((await http('GET', '/v1/members/a1', { key })).status).toBe(200);
    expect((await http('DELETE', `/v1/partners/${A}/keys/${keyId}`, { key: adminKey })).status).toBe(204);
    expectProblem(await http('GET', '/v1/members/a1', { key }), 401, 'unauthorized');
    expectProblem(await http('GET', '/v1/me', { key }), 401, 'unauthorized');
    // Revoking is not undone by revoking again, and another partner's key id is not found.
    expect((await http('DELETE', `/v1/partners/${B}/keys/${keyId}`, { key: adminKey })).status).toBe(404);
  });

  it('never takes the key from the query string, a cookie or another header', async () => {
    for (const query of ['key', 'api_key', 'apiKey', 'access_token', 'token', 'authorization']) {
      const answer = await http('GET', `/v1/me?${query}=${encodeURIComponent(adminKey)}`);
      expectProblem(answer, 401, 'unauthorized');
    }
    for (const [name, value] of [
      ['x-api-key', adminKey],
      ['cookie', `key=${adminKey}; authorization=Bearer%20${adminKey}`],
      ['proxy-authorization', `Bearer ${adminKey}`],
    ] as const) {
      expectProblem(await http('GET', '/v1/me', { headers: { [name]: value } }), 401, 'unauthorized');
    }
  });

  it("refuses a wrong, expired, used or another member's code with 422 member_code_invalid, changing nothing", async () => {
    const before = await available('c1');
    const pay = (memberCode: string, memberId = 'c1') =>
      http('POST', '/v1/redemptions', {
        key: keys.tillA,
        body: { redemptionId: fresh('r'), memberId, memberCode, storeId: 's-1', payment: { points: 100 } },
      });
    expectProblem(await pay('123456789012345678'), 422, 'member_code_invalid');
    expectProblem(await pay('not-even-digits'), 422, 'member_code_invalid');
    // Expired: valid 60 seconds.
    const expiring = await codeFor('c1');
    await setClock((await businessNowMs()) + 61_000);
    expectProblem(await pay(expiring), 422, 'member_code_invalid');
    // Another member's valid code.
    const otherCode = await codeFor('c2');
    expectProblem(await pay(otherCode), 422, 'member_code_invalid');
    expect(await available('c1')).toBe(before);
    // Used: once only.
    const once = await codeFor('c1');
    expect((await pay(once)).body).toMatchObject({ status: 'completed', points: 100 });
    expectProblem(await pay(once), 422, 'member_code_invalid');
    expect(await available('c1')).toBe(before - 100);
    // The refusal for c1 did not spend c2's code.
    expect((await pay(otherCode, 'c2')).status).toBe(201);
  });

  it("locks a member's code checks after ten wrong codes (429 with Retry-After), other members unaffected", async () => {
    const pay = (memberId: string, memberCode: string) =>
      http('POST', '/v1/redemptions', {
        key: keys.tillA,
        body: { redemptionId: fresh('r'), memberId, memberCode, storeId: 's-1', payment: { points: 100 } },
      });
    const before = await available('l1');
    for (let i = 0; i < 10; i++) {
      expectProblem(await pay('l1', String(200_000_000_000_000_000 + i)), 422, 'member_code_invalid');
    }
    const locked = await pay('l1', '300000000000000000');
    expectProblem(locked, 429, 'rate_limited');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
    // Even the right code waits out the lock.
    expectProblem(await pay('l1', await codeFor('l1')), 429, 'rate_limited');
    expect(await available('l1')).toBe(before);
    expect((await pay('c2', await codeFor('c2'))).status).toBe(201);
  });

  it("never lets partner B's wrong codes lock a member for partner A", async () => {
    const pay = (key: string, memberCode: string) =>
      http('POST', '/v1/redemptions', {
        key,
        body: {
          redemptionId: fresh('r'),
          memberId: 'c2',
          memberCode,
          storeId: 's-1',
          payment: { points: 100 },
        },
      });
    const guesserB = (await issueKey(B, [Scope.pointsRedeem])).key;
    for (let i = 0; i < 10; i++) {
      expectProblem(await pay(guesserB, String(400_000_000_000_000_000 + i)), 422, 'member_code_invalid');
    }
    expectProblem(await pay(guesserB, await codeFor('c2')), 429, 'rate_limited');
    expect((await pay(keys.tillA, await codeFor('c2'))).status).toBe(201);
  });

  it('locks a key after twenty wrong codes in ten minutes, also codes sent without memberId', async () => {
    const guesser = (await issueKey(A, [Scope.pointsRedeem])).key;
    const pay = (body: Json) =>
      http('POST', '/v1/redemptions', {
        key: guesser,
        body: { redemptionId: fresh('r'), storeId: 's-1', payment: { points: 100 }, ...body },
      });
    for (let i = 0; i < 20; i++) {
      expectProblem(
        await pay({ memberCode: String(500_000_000_000_000_000 + i) }),
        422,
        'member_code_invalid',
      );
    }
    expectProblem(await pay({ memberCode: String(600_000_000_000_000_000) }), 429, 'rate_limited');
    expectProblem(await pay({ memberId: 'c2', memberCode: await codeFor('c2') }), 429, 'rate_limited');
  });

  it('grants members:codes only to keys of the operator partner (400 for any other partner)', async () => {
    for (const scopes of [['members:codes'], ['admin']]) {
      const refused = await http('POST', `/v1/partners/${A}/keys`, { key: adminKey, body: { scopes } });
      expectProblem(refused, 400, 'validation_failed');
    }
    expect((await issueKey('operator', ['members:codes'])).key).toMatch(/^jf_/);
  });
});

// ---------------------------------------------------------------------------------------------

/** A minimal valid request of a write route, for the mass-assignment walk. */
interface WriteCase {
  readonly key: string;
  readonly params?: Record<string, string>;
  readonly body: Json;
}

/** Fields a client must never set: server-owned state, ownership, and prototype keys. */
const forbiddenFields: Json = {
  points: 999_999,
  status: 'completed',
  tier: 'platinum',
  partnerId: B,
  balance: 999_999,
  createdAt: '2000-01-01T00:00:00Z',
  scopes: ['admin'],
  isAdmin: true,
};
const prototypeFields =
  '"__proto__":{"isAdmin":true,"points":999999},"constructor":{"prototype":{"isAdmin":true}}';

/** The keys a body schema accepts, so that a field it legitimately takes is not sent as an attack. */
function acceptedKeys(schema: z.ZodType | undefined): Set<string> {
  const keysOf = (candidate: unknown): string[] => {
    const def = (candidate as { def?: { type?: string; options?: unknown[]; in?: unknown } }).def;
    const shape = (candidate as { shape?: Record<string, unknown> }).shape;
    if (shape) return Object.keys(shape);
    if (def?.options) return def.options.flatMap(keysOf);
    if (def?.in) return keysOf(def.in);
    return [];
  };
  return new Set(keysOf(schema));
}

describe('API3 Broken object property level authorization', { timeout: 120_000 }, () => {
  let importId = '';
  let couponX = '';
  let purchaseX = '';
  let program: Json = {};

  beforeAll(async () => {
    importId = fresh('imp');
    expect((await http('POST', '/v1/admin/imports', { key: adminKey, body: { importId } })).status).toBe(201);
    const coupon = await http('POST', '/v1/redemptions', {
      key: keys.tillA,
      body: {
        redemptionId: fresh('r'),
        memberCode: await codeFor('x1'),
        storeId: 's-1',
        rewardId: 'coupon-10',
      },
    });
    couponX = String((coupon.body.coupon as Json).code);
    const body = purchaseBody('x1', (await businessNowMs()) - 2 * dayMs, { amount: 10_000 });
    expect((await http('POST', '/v1/purchases', { key: keys.tillA, body })).status).toBe(202);
    purchaseX = body.purchaseId;
    await waitCredited([purchaseX]);
    const {
      version: _version,
      effectiveFromMs: _from,
      ...rules
    } = (await http('GET', '/v1/program', { key: adminKey })).body;
    program = rules;
  });

  /** One row per write operation with a body: new routes fail the walk until they get one. */
  const writeCases = async (): Promise<Partial<Record<Route['operation'], WriteCase>>> => {
    const now = await businessNowMs();
    const purchase = purchaseBody('x1', now - 60_000, { purchaseId: fresh('ma-p'), amount: 1_000 });
    return {
      createPartner: { key: adminKey, body: { partnerId: fresh('ma-partner'), name: 'Mass' } },
      issueKey: { key: adminKey, params: { partnerId: A }, body: { scopes: ['members:read'] } },
      saveStore: {
        key: adminKey,
        params: { partnerId: A, storeId: fresh('ma-store') },
        body: { name: 'Mass' },
      },
      enrolMember: { key: keys.tillA, body: { memberId: fresh('ma-m') } },
      updateMember: { key: keys.tillA, params: { memberId: 'x1' }, body: { name: 'Renamed' } },
      issueMemberCode: { key: keys.appA, params: { memberId: 'x1' }, body: { channel: 'app' } },
      createPurchase: { key: keys.tillA, body: purchase },
      createPurchaseBatch: { key: keys.tillA, body: { purchases: [purchase] } },
      simulateEarning: {
        key: keys.tillA,
        body: {
          purchase: { storeId: 's-1', occurredAt: isoAt(now), currency: 'CNY', amount: 1_000 },
        },
      },
      createRefund: {
        key: keys.tillA,
        body: { refundId: fresh('ma-rf'), purchaseId: purchaseX, amount: 100, occurredAt: isoAt(now) },
      },
      recordActivity: {
        key: keys.tillA,
        params: { memberId: 'x1' },
        body: { activityId: fresh('ma-a'), type: 'share', occurredAt: isoAt(now) },
      },
      putReward: {
        key: adminKey,
        params: { rewardId: fresh('ma-reward') },
        body: { name: 'Mass', pointsCost: 1, kind: 'item' },
      },
      createRedemption: {
        key: adminKey,
        body: { redemptionId: fresh('ma-r'), memberId: 'x1', storeId: 's-1', payment: { points: 100 } },
      },
      useCoupon: {
        key: keys.tillA,
        params: { code: couponX },
        body: { storeId: 's-1', orderId: fresh('ma-o') },
      },
      putProgram: { key: adminKey, body: program },
      startJob: { key: adminKey, params: { job: 'expire-points' }, body: {} },
      requestAdjustment: {
        key: keys.adjustA,
        params: { memberId: 'x1' },
        body: { adjustmentId: fresh('ma-adj'), points: 10, reason: 'goodwill' },
      },
      createImport: { key: adminKey, body: { importId: fresh('ma-imp') } },
      importRows: {
        key: adminKey,
        params: { importId },
        body: { rows: [{ row: 1, memberId: fresh('ma-im'), enrolledAt: '2026-01-01' }] },
      },
    };
  };

  const writeRoutesWithBody = () =>
    routes.filter((route) => writeMethods.has(route.method) && contractOf(route).body);

  /** Everything a refused write could have changed, read back through the API. */
  async function snapshot(): Promise<Json> {
    const pages = async (path: string) => {
      const items: unknown[] = [];
      let cursor: string | null = null;
      do {
        const separator = path.includes('?') ? '&' : '?';
        const page = await http(
          'GET',
          `${path}${separator}limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          { key: adminKey },
        );
        expect(page.status, page.text).toBe(200);
        items.push(...(page.body.items as unknown[]));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      return items;
    };
    return {
      members: await pages('/v1/admin/exports/members'),
      ledger: await pages('/v1/admin/exports/ledger'),
      partners: (await http('GET', '/v1/partners', { key: adminKey })).body,
      keysA: (await http('GET', `/v1/partners/${A}/keys`, { key: adminKey })).body,
      storesA: (await http('GET', `/v1/partners/${A}/stores?limit=100`, { key: adminKey })).body,
      rewards: (await http('GET', '/v1/rewards', { key: adminKey })).body,
      program: (await http('GET', '/v1/program', { key: adminKey })).body,
      adjustments: (await http('GET', '/v1/adjustments?limit=100', { key: adminKey })).body,
      imports: (await http('GET', `/v1/admin/imports/${importId}`, { key: adminKey })).body,
      coupon: (await http('GET', `/v1/coupons/${couponX}`, { key: adminKey })).body,
    };
  }

  it('has a minimal valid body for every write route with a body schema (new routes must add a row)', async () => {
    const cases = await writeCases();
    const missing = writeRoutesWithBody()
      .filter((route) => !cases[route.operation])
      .map((route) => `${route.operation} (${route.method} ${route.path})`);
    expect(
      missing,
      `Add a row to writeCases() in test/local/security.e2e.test.ts for: ${missing.join(', ')}`,
    ).toEqual([]);
  });

  it('refuses fields a client must not set on every write route (400 naming each field), changing nothing', async () => {
    const cases = await writeCases();
    const before = await snapshot();
    for (const route of writeRoutesWithBody()) {
      const row = cases[route.operation];
      if (!row) continue; // reported by the test above
      const accepted = acceptedKeys(contractOf(route).body);
      const extra = Object.fromEntries(
        Object.entries(forbiddenFields).filter(([name]) => !accepted.has(name) && !(name in row.body)),
      );
      const json = JSON.stringify({ ...row.body, ...extra });
      const raw = `{${prototypeFields}${json === '{}' ? '' : `,${json.slice(1, -1)}`}}`;
      const answer = await http(route.method, pathOf(route, row.params), { key: row.key, raw });
      const label = `${route.operation}: ${answer.text}`;
      expect(answer.status, label).toBe(400);
      expect(answer.body.code, label).toBe('validation_failed');
      const named = ((answer.body.errors as { path: string }[] | undefined) ?? []).map((error) => error.path);
      for (const field of [...Object.keys(extra), '__proto__', 'constructor']) {
        expect(named, `${route.operation} names ${field}`).toContain(field);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('accepts minimal bodies as they are: the refusals above are about the added fields', async () => {
    // Two rows are sent as they are: the simulator (it writes nothing) and a profile change.
    const cases = await writeCases();
    const simulate = routes.find((route) => route.operation === 'simulateEarning')!;
    const answer = await http(simulate.method, pathOf(simulate), {
      key: cases.simulateEarning!.key,
      body: cases.simulateEarning!.body,
    });
    expect(answer.status, answer.text).toBe(200);
    const update = await http('PATCH', '/v1/members/x1', { key: keys.tillA, body: { name: 'Renamed' } });
    expect(update.body).toMatchObject({ memberId: 'x1', name: 'Renamed' });
  });

  it('refuses server-owned fields nested in items, payments, batch entries and import rows', async () => {
    const now = await businessNowMs();
    const nested = await http('POST', '/v1/purchases', {
      key: keys.tillA,
      body: purchaseBody('x1', now - 60_000, {
        amount: 1_000,
        items: [{ sku: 'a', quantity: 1, amount: 1_000, points: 999_999 }],
      }),
    });
    expectProblem(nested, 400, 'validation_failed');
    expect(nested.body.errors).toContainEqual(expect.objectContaining({ path: 'items.0.points' }));

    const payment = await http('POST', '/v1/redemptions', {
      key: adminKey,
      body: {
        redemptionId: fresh('r'),
        memberId: 'x1',
        storeId: 's-1',
        payment: { points: 100, value: { amount: 1, currency: 'CNY' } },
      },
    });
    expectProblem(payment, 400, 'validation_failed');
    expect(payment.body.errors).toContainEqual(expect.objectContaining({ path: 'payment.value' }));

    const entry = purchaseBody('x1', now - 60_000, { amount: 1_000, status: 'credited', points: 999_999 });
    const batch = await http('POST', '/v1/purchases/batch', {
      key: keys.tillA,
      body: { purchases: [entry] },
    });
    expect(batch.status).toBe(202);
    const [result] = batch.body.results as Json[];
    expect(result).toMatchObject({ status: 'rejected', error: { code: 'validation_failed' } });
    const paths = ((result!.error as Json).errors as { path: string }[]).map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['purchases.0.status', 'purchases.0.points']));
    expectProblem(
      await http('GET', `/v1/purchases/${entry.purchaseId}`, { key: keys.tillA }),
      404,
      'not_found',
    );

    const rows = await http('POST', `/v1/admin/imports/${importId}/rows`, {
      key: adminKey,
      body: {
        rows: [{ row: 7, memberId: 'ma-row', enrolledAt: '2026-01-01', status: 'erased', balance: 5 }],
      },
    });
    expect(rows.body).toMatchObject({ imported: 0, failed: 1 });
    expect(JSON.stringify(rows.body.errors)).toMatch(/status/);
    expectProblem(await http('GET', '/v1/members/ma-row', { key: adminKey }), 404, 'not_found');
  });

  it('masks email and phone without pii:read, for the enrolling partner and every other one', async () => {
    await enrol('pii-1', { email: 'zhang.wei@example.com', phone: '13812345678', name: 'Zhang Wei' });
    for (const key of [keys.tillA, keys.tillB, keys.storeA]) {
      const read = await http('GET', '/v1/members/pii-1', { key });
      expect(read.body).toMatchObject({ email: 'z***@example.com', phone: '138****5678' });
      expect(read.text).not.toContain('zhang.wei');
      expect(read.text).not.toContain('13812345678');
      const history = await http('GET', '/v1/members/pii-1/transactions', { key });
      expect(history.text).not.toContain('zhang.wei');
    }
    const enrolledAgain = await http('POST', '/v1/members', {
      key: keys.tillB,
      body: { memberId: 'pii-1', email: 'other@example.com' },
    });
    expectProblem(enrolledAgain, 409, 'member_exists');
    expect(enrolledAgain.text).not.toContain('zhang.wei');
    expect((await http('GET', '/v1/members/pii-1', { key: keys.piiA })).body).toMatchObject({
      email: 'zhang.wei@example.com',
      phone: '13812345678',
    });
  });

  it('shows an issued key only once: not in the key list, /v1/me or the audit trail', async () => {
    const { key, keyId } = await issueKey(A, [Scope.membersRead], { name: 'shown once' });
    const listed = await http('GET', `/v1/partners/${A}/keys`, { key: adminKey });
    const entry = (listed.body.items as Json[]).find((item) => item.keyId === keyId);
    expect(entry).toBeDefined();
    expect(Object.keys(entry!).sort()).toEqual(
      ['createdAt', 'keyId', 'name', 'partnerId', 'revokedAt', 'scopes', 'storeIds'].sort(),
    );
    expect(listed.text).not.toContain(key);
    expect(listed.text).not.toContain(adminKey);
    const me = await http('GET', '/v1/me', { key });
    expect(me.body).toMatchObject({ keyId, partnerId: A });
    expect(me.text).not.toContain(key);
    const audit = await http('GET', '/v1/admin/audit?limit=100', { key: adminKey });
    expect(audit.status).toBe(200);
    expect(audit.text).not.toContain(key);
    expect(audit.text).not.toContain(adminKey);
    expect(audit.text).not.toContain('zhang.wei@example.com');
  });

  it('never leaks a stack trace or internals in a problem body', async () => {
    const answers = [
      await http('POST', '/v1/members', { key: keys.tillA, raw: '{"memberId": ' }),
      await http('POST', '/v1/members', { key: keys.tillA, raw: '{"memberId": "\u0000\ud800"}' }),
      await http('GET', '/v1/members/%E0%A4%A', { key: keys.tillA }),
      await http('GET', `/v1/members/${'x'.repeat(2_000)}`, { key: keys.tillA }),
      await http('GET', '/v1/members/a1/transactions?cursor=%7B%7D', { key: keys.tillA }),
      await http('POST', '/v1/purchases/batch', { key: keys.tillA, body: { purchases: 'all of them' } }),
      await http('PUT', '/v1/program', { key: adminKey, body: { tiers: 'none' } }),
    ];
    for (const answer of answers) {
      expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
      expect(answer.status, answer.text).toBeLessThan(500);
      expect(answer.text).not.toMatch(
        /\bat .+\(.*:\d+:\d+\)|\.ts:\d+|node_modules|ValidationException|DynamoDB/,
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('API4 Unrestricted resource consumption', { timeout: 120_000 }, () => {
  it('caps every paged list at 100 and refuses limits of 0, negative, fractional or non-numeric', async () => {
    const paged = routes.filter((route) => contractOf(route).paged);
    expect(paged.map((route) => route.operation)).toEqual(
      expect.arrayContaining(['listTransactions', 'listAudit']),
    );
    const importId = fresh('pages');
    expect((await http('POST', '/v1/admin/imports', { key: adminKey, body: { importId } })).status).toBe(201);
    const values = { memberId: 'a1', importId };
    for (const route of paged) {
      const path = pathOf(route, values);
      const ok = await http('GET', `${path}?limit=100`, { key: adminKey });
      expect([200, 404], `${route.operation}: ${ok.text}`).toContain(ok.status);
      for (const limit of ['101', '1000000', '0', '-1', '1.5', 'abc', '1e3']) {
        const answer = await http('GET', `${path}?limit=${limit}`, { key: adminKey });
        expect(answer.status, `${route.operation} limit=${limit}: ${answer.text}`).toBe(400);
        expect(answer.body.code).toBe('validation_failed');
      }
    }
  });

  it('caps the exports at 1,000 a page and a cursor at 2 KB', async () => {
    for (const path of ['/v1/admin/exports/members', '/v1/admin/exports/ledger']) {
      expect((await http('GET', `${path}?limit=1000`, { key: adminKey })).status).toBe(200);
      expectProblem(await http('GET', `${path}?limit=1001`, { key: adminKey }), 400, 'validation_failed');
    }
    const longCursor = 'a'.repeat(4_096);
    expectProblem(
      await http('GET', `/v1/members/a1/transactions?cursor=${longCursor}`, { key: adminKey }),
      400,
      'validation_failed',
    );
  });

  it('refuses a purchase batch of 101, 501 items in a purchase and 1,001 import rows (400)', async () => {
    const now = await businessNowMs();
    const entry = (i: number) => ({ purchaseId: `cap-${i}`, memberId: 'nobody', storeId: 's-1' });
    const tooMany = await http('POST', '/v1/purchases/batch', {
      key: keys.tillA,
      body: { purchases: Array.from({ length: 101 }, (_, i) => entry(i)) },
    });
    expectProblem(tooMany, 400, 'validation_failed');
    // 100 (each invalid here, so nothing is written) is within the cap.
    const hundred = await http('POST', '/v1/purchases/batch', {
      key: keys.tillA,
      body: { purchases: Array.from({ length: 100 }, (_, i) => entry(i)) },
    });
    expect(hundred.status).toBe(202);
    expect((hundred.body.results as Json[]).every((result) => result.status === 'rejected')).toBe(true);
    const items = Array.from({ length: 501 }, (_, i) => ({ sku: `s${i}`, quantity: 1, amount: 1 }));
    const bigBasket = await http('POST', '/v1/purchases', {
      key: keys.tillA,
      body: purchaseBody('x1', now - 60_000, { items }),
    });
    expectProblem(bigBasket, 400, 'validation_failed');
    const rows = Array.from({ length: 1_001 }, (_, i) => ({ row: i + 1 }));
    expectProblem(
      await http('POST', '/v1/admin/imports/any/rows', { key: adminKey, body: { rows } }),
      400,
      'validation_failed',
    );
  });

  it('refuses a body over 256 KB with 413, and one of 5 MB alike', async () => {
    const big = await http('POST', '/v1/members', {
      key: keys.tillA,
      body: { memberId: 'big-1', name: 'x'.repeat(300_000) },
    });
    expectProblem(big, 413, 'payload_too_large');
    const huge = await http('POST', '/v1/members', {
      key: keys.tillA,
      raw: `{"memberId":"big-1","name":"${'x'.repeat(5 * 1024 * 1024)}"}`,
    });
    expectProblem(huge, 413, 'payload_too_large');
    expectProblem(await http('GET', '/v1/members/big-1', { key: adminKey }), 404, 'not_found');
  });

  it('refuses deeply nested JSON (100,000 levels) with 400 and keeps answering', async () => {
    const depth = 100_000;
    const cases = [
      { path: '/v1/members', key: keys.tillA, raw: '['.repeat(depth) },
      { path: '/v1/members', key: keys.tillA, raw: `${'['.repeat(depth)}${']'.repeat(depth)}` },
      {
        path: '/v1/members',
        key: keys.tillA,
        raw: `{"memberId":"deep-1","name":${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}}`,
      },
      // Inside fields validated later (a batch entry, an import row, a draft programme).
      {
        path: '/v1/purchases/batch',
        key: keys.tillA,
        raw: `{"purchases":[${'['.repeat(depth)}${']'.repeat(depth)}]}`,
      },
      {
        path: '/v1/program/simulate',
        key: keys.tillA,
        raw: `{"purchase":{"storeId":"s-1","occurredAt":"2027-03-10T10:00:00+08:00","currency":"CNY","amount":100},"draft":{"tiers":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
      },
    ];
    for (const { path, key, raw } of cases) {
      const answer = await http('POST', path, { key, raw });
      if (path === '/v1/purchases/batch') {
        expect(answer.status, answer.text).toBe(202);
        expect(answer.body.results).toEqual([expect.objectContaining({ status: 'rejected' })]);
      } else {
        expectProblem(answer, 400, 'validation_failed');
      }
      expect((await http('GET', '/health')).status).toBe(200);
    }
    const importId = fresh('deep');
    await http('POST', '/v1/admin/imports', { key: adminKey, body: { importId } });
    const row = await http('POST', `/v1/admin/imports/${importId}/rows`, {
      key: adminKey,
      raw: `{"rows":[{"row":1,"memberId":"deep-2","enrolledAt":"2026-01-01","x":${'['.repeat(depth)}${']'.repeat(depth)}}]}`,
    });
    expect(row.body).toMatchObject({ imported: 0, failed: 1 });
    expectProblem(await http('GET', '/v1/members/deep-1', { key: adminKey }), 404, 'not_found');
    expect((await http('GET', '/health')).body).toEqual({ status: 'ok' });
  });

  it('refuses a body of 20,000 unknown fields with 400, promptly and with a bounded answer', async () => {
    const fields = Array.from({ length: 20_000 }, (_, i) => `"f${i}":0`).join(',');
    const raw = `{"memberId":"wide-1",${fields}}`;
    expect(raw.length).toBeLessThan(256 * 1024);
    const answer = await http('POST', '/v1/members', { key: keys.tillA, raw });
    expectProblem(answer, 400, 'validation_failed');
    expect(answer.ms).toBeLessThan(10_000);
    // The answer names each bad field, and stays far below Lambda's 6 MB response limit.
    expect(answer.text.length).toBeLessThan(2 * 1024 * 1024);
    expect((await http('GET', '/health')).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------

describe('API5 Broken function level authorization', { timeout: 120_000 }, () => {
  const dummyBody = (route: HttpRoute) => (writeMethods.has(route.method) ? {} : undefined);

  /** The scopes a key of exactly `scope` holds grants for (admin implies every other). */
  const otherScopes = (route: HttpRoute) =>
    allScopes.filter((scope) => scope !== route.scope && scope !== Scope.admin);

  it('refuses every scoped route to a key of each other single scope (403 forbidden)', async () => {
    const failures: string[] = [];
    for (const route of scopedRoutes.filter((candidate) => candidate.scope !== anyKey)) {
      for (const scope of otherScopes(route)) {
        const answer = await http(route.method, pathOf(route), {
          key: scopeKeys.get(scope)!,
          body: dummyBody(route),
        });
        if (answer.status !== 403 || answer.body.code !== 'forbidden') {
          failures.push(`${route.method} ${route.path} with ${scope}: ${answer.status} ${answer.body.code}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('lets a key of exactly the route’s scope, and the admin key, past authorization on every route', async () => {
    const failures: string[] = [];
    for (const route of scopedRoutes) {
      const own = route.scope === anyKey ? [...allScopes] : [...new Set([route.scope, Scope.admin])];
      for (const scope of own) {
        // Dummy ids and empty bodies: the answers are 400/404 (or a read), never 401/403.
        const answer = await http(route.method, pathOf(route), {
          key: scope === Scope.admin ? adminKey : scopeKeys.get(scope)!,
          body: dummyBody(route),
        });
        if (answer.status === 401 || answer.status === 403 || answer.status >= 500) {
          failures.push(`${route.method} ${route.path} with ${scope}: ${answer.status} ${answer.text}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses the admin routes to a partner key holding every other scope', async () => {
    const adminRoutes = scopedRoutes.filter((route) => route.scope === Scope.admin);
    expect(adminRoutes.length).toBeGreaterThan(10);
    for (const route of adminRoutes) {
      const answer = await http(route.method, pathOf(route), {
        key: keys.allButAdmin,
        body: dummyBody(route),
      });
      expect(answer.status, `${route.method} ${route.path}`).toBe(403);
    }
    // Not even for its own partner: keys, partners, the programme.
    expectProblem(
      await http('POST', `/v1/partners/${A}/keys`, { key: keys.allButAdmin, body: { scopes: ['admin'] } }),
      403,
      'forbidden',
    );
  });

  it('erases a member only with members:erase (members:write → 403)', async () => {
    await enrol('erase-1', { email: 'erase@example.com' });
    expectProblem(await http('DELETE', '/v1/members/erase-1', { key: keys.tillA }), 403, 'forbidden');
    expect((await http('GET', '/v1/members/erase-1', { key: keys.piiA })).body).toMatchObject({
      email: 'erase@example.com',
      status: 'active',
    });
    expect(
      (await http('DELETE', '/v1/members/erase-1', { key: scopeKeys.get(Scope.membersErase)! })).status,
    ).toBe(204);
    expect((await http('GET', '/v1/members/erase-1', { key: keys.piiA })).body).toMatchObject({
      email: null,
      status: 'erased',
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('API6 Unrestricted access to sensitive business flows', { timeout: 120_000 }, () => {
  it('refuses spending without a member code (422), and lets only the admin key do it, audited', async () => {
    const before = await available('s1');
    for (const body of [
      { payment: { points: 100 } },
      { payment: { points: 100 }, hold: true },
      { rewardId: 'coffee' },
    ]) {
      const answer = await http('POST', '/v1/redemptions', {
        key: keys.tillA,
        body: { redemptionId: fresh('r'), memberId: 's1', storeId: 's-1', ...body },
      });
      expectProblem(answer, 422, 'member_code_invalid');
    }
    expect(await available('s1')).toBe(before);
    const redemptionId = fresh('r-admin');
    const byAdmin = await http('POST', '/v1/redemptions', {
      key: adminKey,
      body: { redemptionId, memberId: 's1', storeId: 's-1', payment: { points: 100 } },
    });
    expect(byAdmin.body).toMatchObject({ status: 'completed', points: 100 });
    expect(await available('s1')).toBe(before - 100);
    const audit = await http('GET', '/v1/admin/audit?action=redemption.without_code&limit=100', {
      key: adminKey,
    });
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: 'redemption.without_code',
        target: expect.stringContaining(redemptionId),
        detail: expect.objectContaining({ memberId: 's1', points: 100 }),
      }),
    );
  });

  it('refuses purchases dated more than 5 minutes ahead (400) or before the claim window (422)', async () => {
    const now = await businessNowMs();
    const at = (ms: number) =>
      http('POST', '/v1/purchases', { key: keys.tillA, body: purchaseBody('s1', ms, { amount: 1_000 }) });
    const future = await at(now + 10 * 60_000);
    expectProblem(future, 400, 'validation_failed');
    expect(future.body.errors).toContainEqual(expect.objectContaining({ path: 'occurredAt' }));
    expectProblem(await at(now + 365 * dayMs), 400, 'validation_failed');
    expectProblem(await at(now - 40 * dayMs), 422, 'claim_window_closed');
    expectProblem(await at(Date.parse('1970-01-01T00:00:00Z')), 422, 'claim_window_closed');
    expect((await at(now - dayMs)).status).toBe(202);
    const activity = await http('POST', '/v1/members/s1/activities', {
      key: keys.tillA,
      body: { activityId: fresh('a'), type: 'survey', occurredAt: isoAt(now - 40 * dayMs) },
    });
    expectProblem(activity, 422, 'claim_window_closed');
  });

  it('refuses the same purchase or redemption id replayed with another body (409), and answers an exact replay', async () => {
    const now = await businessNowMs();
    const body = purchaseBody('s1', now - 60_000, { amount: 2_000 });
    const first = await http('POST', '/v1/purchases', { key: keys.tillA, body });
    expect(first.status).toBe(202);
    expect(await http('POST', '/v1/purchases', { key: keys.tillA, body })).toMatchObject({
      status: 202,
      body: first.body,
    });
    const changed = await http('POST', '/v1/purchases', {
      key: keys.tillA,
      body: { ...body, amount: 2_000_000 },
    });
    expectProblem(changed, 409, 'idempotency_conflict');
    expect(changed.text).toContain('amount');
    const otherMember = await http('POST', '/v1/purchases', {
      key: keys.tillA,
      body: { ...body, memberId: 'a2' },
    });
    expectProblem(otherMember, 409, 'idempotency_conflict');
    await waitCredited([body.purchaseId]);
    expect(await purchaseOf(body.purchaseId)).toMatchObject({ amount: 2_000, memberId: 's1' });

    const redemption = {
      redemptionId: fresh('r'),
      memberId: 's1',
      memberCode: await codeFor('s1'),
      storeId: 's-1',
      payment: { points: 100 },
    };
    const paid = await http('POST', '/v1/redemptions', { key: keys.tillA, body: redemption });
    expect(paid.status).toBe(201);
    expect(await http('POST', '/v1/redemptions', { key: keys.tillA, body: redemption })).toMatchObject({
      status: 201,
      body: paid.body,
    });
    const more = await http('POST', '/v1/redemptions', {
      key: keys.tillA,
      body: { ...redemption, payment: { points: 5_000 } },
    });
    expectProblem(more, 409, 'idempotency_conflict');
  });

  it('caps activity farming at the programme’s daily limit (422)', async () => {
    const now = await businessNowMs();
    const signIn = () =>
      http('POST', '/v1/members/s1/activities', {
        key: keys.tillA,
        body: { activityId: fresh('a'), type: 'sign_in', occurredAt: isoAt(now) },
      });
    expect((await signIn()).status).toBe(201);
    expectProblem(await signIn(), 422, 'activity_limit_reached');
  });

  it('uses a coupon once: the second use, even at another store or order, is refused (409)', async () => {
    const coupon = await http('POST', '/v1/redemptions', {
      key: keys.tillA,
      body: {
        redemptionId: fresh('r'),
        memberCode: await codeFor('s1'),
        storeId: 's-1',
        rewardId: 'coupon-10',
      },
    });
    const code = String((coupon.body.coupon as Json).code);
    const use = (orderId: string) =>
      http('POST', `/v1/coupons/${code}/use`, { key: keys.tillA, body: { storeId: 's-1', orderId } });
    expect((await use('order-1')).body).toMatchObject({ status: 'used' });
    expect((await use('order-1')).body).toMatchObject({ status: 'used' });
    expectProblem(await use('order-2'), 409, 'coupon_already_used');
  });

  it('holds an adjustment above the threshold for a second key: the requester cannot approve it (403)', async () => {
    const requested = await http('POST', '/v1/members/s1/adjustments', {
      key: keys.adjustA,
      body: { adjustmentId: fresh('adj'), points: 6_000, reason: 'goodwill' },
    });
    expect(requested.body).toMatchObject({ status: 'pending_approval' });
    const adjustmentId = String(requested.body.adjustmentId);
    const before = await available('s1');
    const self = await http('POST', `/v1/adjustments/${adjustmentId}/approve`, { key: keys.adjustA });
    expectProblem(self, 403, 'same_approver');
    expect(await available('s1')).toBe(before);
    const other = await http('POST', `/v1/adjustments/${adjustmentId}/approve`, {
      key: scopeKeys.get(Scope.pointsAdjust)!,
    });
    expect(other.body).toMatchObject({ status: 'applied' });
    expect(await available('s1')).toBe(before + 6_000);
  });

  it('sums one key’s adjustments of a member in a day: four 5,000-point ones at once apply one', async () => {
    const desk = (await issueKey(A, [Scope.pointsAdjust])).key;
    const before = await available('s1');
    const answers = await Promise.all(
      [0, 1, 2, 3].map(() =>
        http('POST', '/v1/members/s1/adjustments', {
          key: desk,
          body: { adjustmentId: fresh('adj'), points: 5_000, reason: 'goodwill' },
        }),
      ),
    );
    expect(answers.map((answer) => answer.body.status).sort()).toEqual([
      'applied',
      'pending_approval',
      'pending_approval',
      'pending_approval',
    ]);
    expect(await available('s1')).toBe(before + 5_000);
  });

  it('refuses refunds above what was bought (400)', async () => {
    const now = await businessNowMs();
    const body = purchaseBody('s1', now - 60_000, { amount: 1_000 });
    await http('POST', '/v1/purchases', { key: keys.tillA, body });
    await waitCredited([body.purchaseId]);
    const refund = await http('POST', '/v1/refunds', {
      key: keys.tillA,
      body: { refundId: fresh('rf'), purchaseId: body.purchaseId, amount: 1_001, occurredAt: isoAt(now) },
    });
    expect(refund.status).toBe(400);
    expect(await purchaseOf(body.purchaseId)).toMatchObject({ refundedAmount: 0 });
  });
});

// ---------------------------------------------------------------------------------------------

/** Every property name of a JSON Schema, at any depth. */
function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) propertyNames(item, into);
  } else if (schema && typeof schema === 'object') {
    for (const [name, value] of Object.entries(schema)) {
      if ((name === 'properties' || name === 'patternProperties') && value && typeof value === 'object') {
        for (const property of Object.keys(value)) into.add(property);
      }
      propertyNames(value, into);
    }
  }
  return into;
}

const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

describe('API7 Server side request forgery', { timeout: 120_000 }, () => {
  // The API fetches nothing a caller names: no webhooks, no callbacks, no image or feed URLs. The
  // only outbound calls are to DynamoDB, SQS and SES, at endpoints set by the deployment, and the
  // unsubscribe links in emails are built from PUBLIC_BASE_URL, never from a request.
  it('has no route or input field that takes a URL to fetch', async () => {
    const urlWords = new Set([
      'url',
      'uri',
      'href',
      'link',
      'webhook',
      'callback',
      'redirect',
      'endpoint',
      'host',
    ]);
    const inputs = new Set<string>();
    for (const route of routes) {
      for (const param of route.path.match(/\{(\w+)\}/g) ?? []) inputs.add(param.slice(1, -1));
      const schemas = contractOf(route);
      for (const schema of [schemas.body, schemas.query]) {
        if (schema) propertyNames(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), inputs);
      }
    }
    // PUT /v1/program takes the programme, validated by its own schema.
    propertyNames(z.toJSONSchema(programSchema, { io: 'input', unrepresentable: 'any' }), inputs);
    const openapi = await http('GET', '/openapi.json');
    for (const path of Object.values(openapi.body.paths as Record<string, Record<string, Json>>)) {
      for (const operation of Object.values(path)) {
        for (const parameter of (operation.parameters as Json[] | undefined) ?? []) {
          inputs.add(String(parameter.name));
        }
        propertyNames(operation.requestBody, inputs);
      }
    }
    expect(inputs.size).toBeGreaterThan(30);
    const suspicious = [...inputs].filter((name) => words(name).some((word) => urlWords.has(word)));
    expect(suspicious).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('API8 Security misconfiguration', { timeout: 120_000 }, () => {
  it('answers errors as application/problem+json naming the request (instance = x-request-id), without a stack', async () => {
    for (const answer of [
      await http('GET', '/v1/members/nobody-here', { key: keys.tillA }),
      await http('GET', '/v1/members/a1'),
      await http('POST', '/v1/members', { key: keys.tillA, raw: '{' }),
      await http('GET', '/v1/no-such-route'),
    ]) {
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body).toMatchObject({
        type: expect.stringMatching(/^https:\/\//),
        title: expect.any(String),
        status: answer.status,
        code: expect.any(String),
      });
      expect(answer.body.instance).toEqual(expect.any(String));
      expect(answer.headers.get('x-request-id')).toBe(answer.body.instance);
      expect(answer.body).not.toHaveProperty('stack');
    }
  });

  it('has seen no stack trace, source path or AWS error in any problem body of this run', () => {
    expect(problems.length).toBeGreaterThan(100);
    const leaking = problems.filter((text) =>
      /\bat .+:\d+:\d+|\.ts:\d+|node_modules|file:\/\/|Exception|ConditionalCheck|TransactionCanceled/.test(
        text,
      ),
    );
    expect(leaking).toEqual([]);
  });

  it('marks API answers no-store and nosniff, successes, problems and pages alike', async () => {
    const answers = [
      await http('GET', '/health'),
      await http('GET', '/v1/me', { key: keys.tillA }),
      await http('GET', '/v1/members/a1', { key: keys.tillA }),
      await http('GET', '/v1/members/nobody-here', { key: keys.tillA }),
      await http('GET', '/v1/members/a1'),
      await http('POST', '/v1/members', { key: keys.tillA, body: { memberId: 'no spaces' } }),
      await http('GET', '/v1/unsubscribe?token=forged'),
    ];
    for (const answer of answers) {
      const label = `${answer.status} ${answer.text.slice(0, 80)}`;
      expect(answer.headers.get('cache-control'), label).toBe('no-store');
      expect(answer.headers.get('x-content-type-options'), label).toBe('nosniff');
      expect(answer.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('answers unknown routes 404 and wrong methods 405 with Allow', async () => {
    expectProblem(await http('GET', '/v1/nothing-here', { key: adminKey }), 404, 'not_found');
    expectProblem(await http('GET', '/v2/members/a1', { key: adminKey }), 404, 'not_found');
    const wrong = await http('PUT', '/v1/members/a1', { key: adminKey, body: {} });
    expectProblem(wrong, 405, 'method_not_allowed');
    expect(wrong.headers.get('allow')).toContain('GET');
    expectProblem(await http('DELETE', '/v1/purchases', { key: adminKey }), 405, 'method_not_allowed');
  });

  it('sends no CORS headers to an arbitrary Origin, and answers no preflight', async () => {
    const origin = 'https://evil.example';
    for (const answer of [
      await http('GET', '/health', { headers: { origin } }),
      await http('GET', '/v1/members/a1', { key: keys.tillA, headers: { origin } }),
      await http('OPTIONS', '/v1/members', {
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      }),
    ]) {
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
      expect(answer.headers.get('access-control-allow-headers')).toBeNull();
    }
  });
});

// ---------------------------------------------------------------------------------------------

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

describe('API9 Improper inventory management', { timeout: 120_000 }, () => {
  const devPaths = Object.keys(
    localEndpoints({ sesEndpoint: 'http://127.0.0.1:1', clock: businessClock, setClock: () => undefined }),
  ).map((key) => key.split(' ')[1]!);

  it('keeps the dev-only /_local endpoints out of the route list, the OpenAPI document and the CDK app', async () => {
    expect(devPaths.length).toBeGreaterThan(0);
    expect(devPaths.every((path) => path.startsWith('/_local/'))).toBe(true);
    expect(routes.filter((route) => route.path.startsWith('/_local'))).toEqual([]);
    const openapi = await http('GET', '/openapi.json');
    expect(Object.keys(openapi.body.paths as Json).filter((path) => path.startsWith('/_local'))).toEqual([]);
    // The CDK app builds API Gateway's routes from shared/system.ts alone.
    const infra = sourceFiles(join(repoRoot, 'infra')).filter((file) =>
      readFileSync(file, 'utf8').includes('_local'),
    );
    expect(infra).toEqual([]);
    // They do answer here, in the local runtime (and only without a key).
    expect((await http('GET', '/_local/clock')).status).toBe(200);
  });

  it('documents every route of the list in the OpenAPI document, and nothing else', async () => {
    const openapi = await http('GET', '/openapi.json');
    const paths = openapi.body.paths as Record<string, Record<string, Json>>;
    const documented = Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => `${method.toUpperCase()} ${path} ${String(operation.operationId)}`),
    );
    const listed = routes.map((route) => `${route.method} ${route.path} ${route.operation}`);
    expect(documented.sort()).toEqual([...listed].sort());
    for (const route of routes) {
      const operation = paths[route.path]?.[route.method.toLowerCase()];
      if (route.scope === null) expect(operation?.security ?? [], route.path).toEqual([]);
      else expect(operation?.security, route.path).toEqual([{ apiKey: [] }]);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('API10 Unsafe consumption of APIs', { timeout: 120_000 }, () => {
  // The only inputs from outside the API are SQS messages (our own queues; in AWS only our
  // functions may send to them) and SES answers (a message id, or an error that puts the email's
  // claim back: test/functions/emails.test.ts). The accrual consumer still checks what a message
  // carries: a carried purchase must be the one the message names.
  it('refuses an accrual message whose carried purchase does not match its ids, crediting nothing', async () => {
    const before = await available('a2');
    const sqs = new SQSClient({
      endpoint: `http://127.0.0.1:${sqsPort}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'accrual' }));
      const now = await businessNowMs();
      const forged = {
        partnerId: A,
        purchaseId: 'forged-1',
        purchase: {
          status: 'accepted',
          partnerId: A,
          purchaseId: 'forged-2',
          memberId: 'a2',
          storeId: 's-1',
          occurredAt: isoAt(now - 10 * dayMs),
          currency: 'CNY',
          amountFen: 99_999_900,
          itemsFingerprint: null,
          estimatedPoints: 999_999,
          acceptedAt: isoAt(now),
        },
      };
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(forged) }));
      const seen = await until(
        async () => runtime?.output() ?? '',
        (text) => text.includes('The carried purchase does not match the message'),
        20_000,
      );
      expect(seen).toContain('The carried purchase does not match the message');
    } finally {
      sqs.destroy();
    }
    expectProblem(await http('GET', '/v1/purchases/forged-1', { key: keys.tillA }), 404, 'not_found');
    expectProblem(await http('GET', '/v1/purchases/forged-2', { key: keys.tillA }), 404, 'not_found');
    expect(await available('a2')).toBe(before);
    expect((await http('GET', '/v1/reports/ledger-check', { key: adminKey })).body).toMatchObject({
      ok: true,
    });
  });
});
