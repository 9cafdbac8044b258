/**
 * No stranded purchase (issue 9): the whole runtime is killed with SIGKILL while 200 purchases
 * are being sent from 10 clients; after a restart on the same data directory every purchase that
 * got 202 is credited exactly once, within minutes, and the ledger checks out. The SQS emulator
 * lost every message it held: the sweeper re-sends what is still accepted after two minutes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { http, type Json, type RuntimeProcess, startRuntime, until } from '../support/runtimeProcess.js';

const dataDir = mkdtempSync(join(tmpdir(), 'jifen-crash-'));
let runtime: RuntimeProcess | undefined;

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start killed while purchases arrive', () => {
  it('credits every accepted purchase exactly once after a restart', async () => {
    runtime = await startRuntime(dataDir);
    const admin = runtime.adminKey;
    let api = runtime.baseUrl;
    await http(api, 'POST', '/v1/partners', {
      key: admin,
      body: { partnerId: 'crash-store', name: 'Crash' },
    });
    const issued = await http<{ key: string }>(api, 'POST', '/v1/partners/crash-store/keys', {
      key: admin,
      body: { scopes: ['members:write', 'members:read', 'points:earn'] },
    });
    const till = issued.body.key;
    const members = Array.from({ length: 20 }, (_, i) => `crash-m${i}`);
    for (const memberId of members) {
      expect((await http(api, 'POST', '/v1/members', { key: till, body: { memberId } })).status).toBe(201);
    }

    const accepted = new Set<string>();
    const unknown = new Set<string>();
    let answered = 0;
    const killAfter = 60;
    const client = async (c: number) => {
      for (let i = 0; i < 20; i++) {
        const purchaseId = `crash-${c}-${i}`;
        const body = {
          purchaseId,
          memberId: members[(c * 20 + i) % members.length],
          storeId: 's',
          occurredAt: new Date().toISOString(),
          currency: 'CNY',
          amount: 10_000 + i,
        };
        try {
          const answer = await http(api, 'POST', '/v1/purchases', { key: till, body });
          answered++;
          if (answer.status === 202) accepted.add(purchaseId);
        } catch {
          unknown.add(purchaseId); // the connection died with the runtime: accepted or not, we cannot tell
          return;
        }
        if (answered === killAfter) runtime?.child.kill('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: 10 }, (_, c) => client(c)));
    await new Promise<void>((r) =>
      runtime?.child.exitCode !== null || runtime?.child.signalCode
        ? r()
        : runtime?.child.once('exit', () => r()),
    );
    expect(runtime.child.signalCode).toBe('SIGKILL');
    expect(accepted.size).toBeGreaterThanOrEqual(killAfter - 10);

    runtime = await startRuntime(dataDir);
    api = runtime.baseUrl;
    const startedMs = Date.now();
    const statusOf = async (purchaseId: string) =>
      (await http<Json>(api, 'GET', `/v1/purchases/${purchaseId}`, { key: till })).body.status;
    // The kill stranded purchases: accepted, their messages lost with the SQS emulator's memory.
    // (Without them this test would not exercise the sweeper at all.)
    const stranded: string[] = [];
    for (const purchaseId of accepted)
      if ((await statusOf(purchaseId)) === 'accepted') stranded.push(purchaseId);
    expect(stranded.length).toBeGreaterThan(0);
    // Time passes: past the sweeper's two minutes (the business clock keeps running from here).
    await http(api, 'PUT', '/_local/clock', {
      body: { now: new Date(Date.now() + 4 * 60_000).toISOString() },
    });
    for (const purchaseId of accepted) {
      expect(
        await until(
          () => statusOf(purchaseId),
          (status) => status === 'credited',
          5 * 60_000 - (Date.now() - startedMs),
        ),
      ).toBe('credited');
    }
    // Whatever the dying runtime had accepted without answering is credited too, never left behind.
    for (const purchaseId of unknown) {
      const answer = await http<Json>(api, 'GET', `/v1/purchases/${purchaseId}`, { key: till });
      if (answer.status === 200) {
        expect(
          await until(
            () => statusOf(purchaseId),
            (status) => status === 'credited',
            60_000,
          ),
        ).toBe('credited');
      } else {
        expect(answer.status).toBe(404);
      }
    }
    // Exactly once: one earn entry per purchase, and every balance equals its entries.
    const earned = new Map<string, number>();
    for (const memberId of members) {
      let cursor: string | null = null;
      do {
        const page: { body: { items: Json[]; nextCursor: string | null } } = await http(
          api,
          'GET',
          `/v1/members/${memberId}/transactions?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
          { key: till },
        );
        for (const item of page.body.items.filter((entry) => entry.type === 'earn')) {
          const reference = String(item.reference);
          earned.set(reference, (earned.get(reference) ?? 0) + 1);
        }
        cursor = page.body.nextCursor;
      } while (cursor);
    }
    for (const purchaseId of accepted) expect(earned.get(`purchase:${purchaseId}`)).toBe(1);
    expect([...earned.values()].every((count) => count === 1)).toBe(true);
    const check = await http<Json>(api, 'GET', '/v1/reports/ledger-check', { key: admin });
    expect(check.body).toMatchObject({ ok: true });
  }, 420_000);
});
