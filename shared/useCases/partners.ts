import { forgetKey, generateApiKey, generateKeyId, hashApiKey } from '../auth/apiKeys.js';
import { type Scope, Scope as Scopes } from '../auth/scopes.js';
import type { Clock } from '../clock.js';
import { Conflict, ErrorCode, NotFound } from '../errors.js';
import type { ApiKeyRecord, Partner, PartnerStore } from '../ports/PartnerStore.js';

/** The programme operator: the partner that owns the admin key. */
export const operatorPartnerId = 'operator';
export const adminKeyId = 'admin';

export async function createPartner(
  store: PartnerStore,
  clock: Clock,
  input: { partnerId: string; name: string },
): Promise<{ created: boolean; partner: Partner }> {
  const result = await store.createPartner({ ...input, createdAt: new Date(clock.nowMs()).toISOString() });
  if (!result.created && result.partner.name !== input.name) {
    throw new Conflict(
      ErrorCode.partnerExists,
      `Partner "${input.partnerId}" already exists with another name.`,
    );
  }
  return result;
}

export async function issueKey(
  store: PartnerStore,
  clock: Clock,
  input: { partnerId: string; scopes: readonly Scope[]; name?: string },
): Promise<ApiKeyRecord & { key: string }> {
  if (!(await store.getPartner(input.partnerId))) throw new NotFound(`Partner "${input.partnerId}"`);
  const key = generateApiKey();
  const record: ApiKeyRecord = {
    keyId: generateKeyId(),
    partnerId: input.partnerId,
    scopes: input.scopes,
    name: input.name ?? null,
    createdAt: new Date(clock.nowMs()).toISOString(),
    revokedAt: null,
  };
  await store.putKey(record, hashApiKey(key));
  return { ...record, key };
}

export async function revokeKey(store: PartnerStore, clock: Clock, partnerId: string, keyId: string) {
  const revoked = await store.revokeKey(partnerId, keyId, new Date(clock.nowMs()).toISOString());
  if (!revoked) throw new NotFound(`Key "${keyId}" of partner "${partnerId}"`);
  forgetKey(keyId);
}

/** Idempotently installs the operator partner and its admin key (first start, or `admin:create-key` in AWS). */
export async function ensureAdminKey(store: PartnerStore, clock: Clock, adminKey: string): Promise<void> {
  const createdAt = new Date(clock.nowMs()).toISOString();
  await store.createPartner({ partnerId: operatorPartnerId, name: 'Programme operator', createdAt });
  const hash = hashApiKey(adminKey);
  const existing = await store.findKeyByHash(hash);
  if (existing) return;
  await store.putKey(
    {
      keyId: `${adminKeyId}_${hash.slice(0, 8)}`,
      partnerId: operatorPartnerId,
      scopes: [Scopes.admin],
      name: 'Admin key',
      createdAt,
      revokedAt: null,
    },
    hash,
  );
}
