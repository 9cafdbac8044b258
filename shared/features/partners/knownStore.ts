/**
 * Operations at a store: when the programme's `stores.requireRegistered` is on, every operation
 * at a store (purchase, refund, activity, redemption, coupon use) must name a store of the
 * caller's partner's registry (the registry itself: features/partners/stores.ts).
 */
import { DomainError, ErrorCode } from '../../core/errors.js';
import type { Program } from '../../domain/program.js';
import type { StoreDirectory } from '../../ports/PartnerStore.js';

/** Refuses an operation at a store the caller's partner has not registered, when the programme says so. */
export async function assertKnownStore(
  stores: StoreDirectory,
  program: Program,
  partnerId: string,
  storeId: string,
): Promise<void> {
  if (!program.stores.requireRegistered) return;
  if (await stores.getStore(partnerId, storeId)) return;
  throw new DomainError(
    ErrorCode.unknownStore,
    `Store "${storeId}" is not a registered store of partner "${partnerId}" (PUT /v1/partners/${partnerId}/stores/${storeId}).`,
  );
}
