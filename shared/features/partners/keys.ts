/** A partner's API keys: issue, list, revoke; the admin key of a fresh deployment. */

import type { Actor } from '../../core/caller.js';
import type { Clock } from '../../core/clock.js';
import { NotFound, ValidationFailed } from '../../core/errors.js';
import { operatorOnlyScopes, operatorPartnerId, type Scope, Scope as Scopes } from '../../core/scopes.js';
import { AuditAction, auditEntry } from '../../domain/audit.js';
import type { ApiKeyRecord, PartnerStore } from '../../ports/PartnerStore.js';
import { forgetKey, generateApiKey, generateKeyId, hashApiKey } from './apiKeys.js';

export const adminKeyId = 'admin';

export async function issueKey(
  store: PartnerStore,
  clock: Clock,
  actor: Actor,
  input: { partnerId: string; scopes: readonly Scope[]; name?: string; storeIds?: readonly string[] },
): Promise<ApiKeyRecord & { key: string }> {
  if (!(await store.getPartner(input.partnerId))) throw new NotFound(`Partner "${input.partnerId}"`);
  assertOperatorOnlyScopes(input.partnerId, input.scopes);
  const key = generateApiKey();
  const nowMs = clock.nowMs();
  const record: ApiKeyRecord = {
    keyId: generateKeyId(),
    partnerId: input.partnerId,
    scopes: input.scopes,
    storeIds: input.storeIds && input.storeIds.length > 0 ? input.storeIds : null,
    name: input.name ?? null,
    createdAt: new Date(nowMs).toISOString(),
    revokedAt: null,
  };
  await store.putKey(record, hashApiKey(key), [
    auditEntry(actor, AuditAction.keyIssued, `key:${record.keyId}`, nowMs, {
      partnerId: record.partnerId,
      scopes: record.scopes,
      storeIds: record.storeIds,
    }),
  ]);
  return { ...record, key };
}

/** Operator-only scopes (`members:codes`, `admin`) for another partner's key → 400. */
function assertOperatorOnlyScopes(partnerId: string, scopes: readonly Scope[]): void {
  if (partnerId === operatorPartnerId) return;
  const refused = scopes.filter((scope) => operatorOnlyScopes.includes(scope));
  if (refused.length > 0) {
    throw new ValidationFailed([
      {
        path: 'scopes',
        message: `${refused.join(', ')} may be granted only to keys of the operator partner "${operatorPartnerId}", not of "${partnerId}".`,
      },
    ]);
  }
}

export async function revokeKey(
  store: PartnerStore,
  clock: Clock,
  actor: Actor,
  partnerId: string,
  keyId: string,
) {
  const nowMs = clock.nowMs();
  const revoked = await store.revokeKey(partnerId, keyId, new Date(nowMs).toISOString(), [
    auditEntry(actor, AuditAction.keyRevoked, `key:${keyId}`, nowMs, { partnerId }),
  ]);
  if (!revoked) throw new NotFound(`Key "${keyId}" of partner "${partnerId}"`);
  forgetKey(keyId);
}

export const keyView = ({
  keyId,
  partnerId,
  scopes,
  storeIds,
  name,
  createdAt,
  revokedAt,
}: ApiKeyRecord) => ({
  keyId,
  partnerId,
  scopes,
  storeIds,
  name,
  createdAt,
  revokedAt,
});

export async function listKeys(store: PartnerStore, partnerId: string) {
  if (!(await store.getPartner(partnerId))) throw new NotFound(`Partner "${partnerId}"`);
  return { items: (await store.listKeys(partnerId)).map(keyView) };
}

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
      storeIds: null,
      name: 'Admin key',
      createdAt,
      revokedAt: null,
    },
    hash,
  );
}
