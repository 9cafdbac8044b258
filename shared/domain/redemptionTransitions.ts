/**
 * How a redemption moves on: a hold is captured or voided, a completed redemption reversed; a
 * hold past its time is voided whatever was asked (it expires). Pure: the feature reads the
 * redemption, asks where it goes, and writes the step.
 */
import { RedemptionStatus } from '../core/records.js';

/** What was asked (`capture`, `void`, `reverse`), or what the clock decides (`expire`). */
export type Transition = 'capture' | 'void' | 'reverse' | 'expire';

export const targetOf: Record<Transition, RedemptionStatus> = {
  capture: RedemptionStatus.completed,
  void: RedemptionStatus.voided,
  expire: RedemptionStatus.voided,
  reverse: RedemptionStatus.reversed,
};

export type TransitionStep =
  /** Already where it was asked to go: doing the same again answers the same result. */
  | { readonly kind: 'arrived' }
  /** Not a move from its current state. */
  | { readonly kind: 'refused' }
  | { readonly kind: 'move'; readonly action: Transition; readonly target: RedemptionStatus };

/** Where a redemption in `status` (held until `holdUntil`) goes when `wanted` is asked at `nowMs`. */
export function transitionStep(
  status: RedemptionStatus,
  holdUntil: string | null,
  wanted: Exclude<Transition, 'expire'>,
  nowMs: number,
): TransitionStep {
  const expiredHold =
    status === RedemptionStatus.held && holdUntil !== null && Date.parse(holdUntil) <= nowMs;
  const action: Transition = expiredHold ? 'expire' : wanted;
  if (status === targetOf[wanted] && !(wanted === 'void' && status !== RedemptionStatus.voided)) {
    return { kind: 'arrived' };
  }
  const allowedFrom = action === 'reverse' ? RedemptionStatus.completed : RedemptionStatus.held;
  if (status !== allowedFrom) return { kind: 'refused' };
  return { kind: 'move', action, target: targetOf[action] };
}
