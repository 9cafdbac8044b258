/** How far from the business clock an event may be dated: a little ahead (clock skew), not too far back. */
import type { Program } from './program.js';

/** Till clocks drift: an event up to this far ahead of the business clock is accepted. */
export const futureToleranceMs = 5 * 60_000;
const dayMs = 86_400_000;

export type ClaimWindowVerdict = 'open' | 'future' | 'closed';

export function claimWindow(occurredAtMs: number, nowMs: number, program: Program): ClaimWindowVerdict {
  if (occurredAtMs > nowMs + futureToleranceMs) return 'future';
  if (occurredAtMs < nowMs - program.earning.claimWindowDays * dayMs) return 'closed';
  return 'open';
}
