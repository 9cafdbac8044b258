/** Partners: create one, list them. */

import type { Actor } from '../../core/caller.js';
import type { Clock } from '../../core/clock.js';
import { Conflict, ErrorCode } from '../../core/errors.js';
import { AuditAction, auditEntry } from '../../domain/audit.js';
import type { Partner, PartnerStore } from '../../ports/PartnerStore.js';

export async function createPartner(
  store: PartnerStore,
  clock: Clock,
  actor: Actor,
  input: { partnerId: string; name: string },
): Promise<{ created: boolean; partner: Partner }> {
  const nowMs = clock.nowMs();
  const result = await store.createPartner({ ...input, createdAt: new Date(nowMs).toISOString() }, [
    auditEntry(actor, AuditAction.partnerCreated, `partner:${input.partnerId}`, nowMs),
  ]);
  if (!result.created && result.partner.name !== input.name) {
    throw new Conflict(
      ErrorCode.partnerExists,
      `Partner "${input.partnerId}" already exists with another name.`,
    );
  }
  return result;
}

export async function listPartners(store: PartnerStore) {
  return { items: await store.listPartners() };
}

/** Idempotently installs the operator partner and its admin key (first start, or `admin:create-key` in AWS). */
