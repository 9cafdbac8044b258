/**
 * Gray release: which programme version judges an event. A version applies from its
 * `effectiveFromMs`; one with `storeIds` applies only to purchases at those stores until its
 * `everyoneFromMs` (if any), after which it applies to every store. An event is judged by the
 * newest version that applies to it, so the stores outside a gray release keep the version
 * before it, and events without a store (jobs, activities, the programme shown by GET) see only
 * versions released to everyone.
 */
import type { Program } from '../program.js';
import { namesStore } from '../stores.js';

/** `storeId` here is the store as the programme names it, `"<partnerId>/<storeId>"` (domain/stores.ts). */
export function appliesTo(program: Program, atMs: number, storeId?: string): boolean {
  if (program.effectiveFromMs > atMs) return false;
  if (!program.storeIds) return true;
  if (program.everyoneFromMs !== undefined && program.everyoneFromMs <= atMs) return true;
  return storeId !== undefined && namesStore(program.storeIds, storeId);
}

/** The version that judges an event at `atMs` (at `storeId`), from versions in ascending order. */
export function versionAt(versions: readonly Program[], atMs: number, storeId?: string): Program {
  for (let i = versions.length - 1; i >= 0; i--) {
    if (appliesTo(versions[i]!, atMs, storeId)) return versions[i]!;
  }
  return versions[0]!;
}
