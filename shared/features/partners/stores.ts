/**
 * A partner's store registry: register or replace a store, list them. A store id is read within
 * its partner (domain/stores.ts); operations at a store are checked by features/partners/knownStore.ts.
 */

import type { Actor } from '../../core/caller.js';
import type { Clock } from '../../core/clock.js';
import { NotFound } from '../../core/errors.js';
import { encodeCursor, type PageRequest } from '../../core/paging.js';
import { AuditAction, auditEntry } from '../../domain/audit.js';
import { storeRef } from '../../domain/stores.js';
import type { PartnerStore, Store } from '../../ports/PartnerStore.js';

export const storeView = ({ partnerId, storeId, name, city, createdAt, updatedAt }: Store) => ({
  partnerId,
  storeId,
  name,
  city,
  createdAt,
  updatedAt,
});

/**
 * Registers a partner's store, or replaces it (audited `store.saved`, with `created`). Saving
 * the same name and city again changes nothing and is not audited again.
 */
export async function saveStore(
  partners: PartnerStore,
  clock: Clock,
  actor: Actor,
  partnerId: string,
  storeId: string,
  body: { name: string; city?: string | null },
) {
  if (!(await partners.getPartner(partnerId))) throw new NotFound(`Partner "${partnerId}"`);
  const city = body.city ?? null;
  const existing = await partners.getStore(partnerId, storeId);
  if (existing && existing.name === body.name && existing.city === city) {
    return { created: false, store: storeView(existing) };
  }
  const nowMs = clock.nowMs();
  const at = new Date(nowMs).toISOString();
  const store: Store = { partnerId, storeId, name: body.name, city, createdAt: at, updatedAt: at };
  const { created, previous } = await partners.putStore(store, (before) => [
    auditEntry(actor, AuditAction.storeSaved, `store:${storeRef(partnerId, storeId)}`, nowMs, {
      partnerId,
      storeId,
      created: before === null,
    }),
  ]);
  return { created, store: storeView({ ...store, createdAt: previous?.createdAt ?? at }) };
}

export async function listStores(partners: PartnerStore, partnerId: string, page: PageRequest) {
  if (!(await partners.getPartner(partnerId))) throw new NotFound(`Partner "${partnerId}"`);
  const { items, next } = await partners.listStores(partnerId, page.limit, page.cursor);
  return { items: items.map(storeView), nextCursor: encodeCursor(next) };
}
