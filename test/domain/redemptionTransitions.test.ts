import { describe, expect, it } from 'vitest';
import { RedemptionStatus } from '../../shared/core/records.js';
import { type TransitionStep, transitionStep } from '../../shared/domain/redemptionTransitions.js';

const nowMs = Date.parse('2026-11-25T10:00:00+08:00');
const later = '2026-11-25T10:15:00+08:00';
const earlier = '2026-11-25T09:45:00+08:00';
const { held, completed, voided, reversed } = RedemptionStatus;

describe('transitionStep', () => {
  it.each<[string, RedemptionStatus, string | null, 'capture' | 'void' | 'reverse', TransitionStep]>([
    ['captures a live hold', held, later, 'capture', { kind: 'move', action: 'capture', target: completed }],
    ['voids a live hold', held, later, 'void', { kind: 'move', action: 'void', target: voided }],
    [
      'expires a hold past its time, whatever was asked',
      held,
      earlier,
      'capture',
      { kind: 'move', action: 'expire', target: voided },
    ],
    [
      'reverses a completed redemption',
      completed,
      null,
      'reverse',
      { kind: 'move', action: 'reverse', target: reversed },
    ],
    ['answers a capture again as it is', completed, null, 'capture', { kind: 'arrived' }],
    ['answers a void again as it is', voided, later, 'void', { kind: 'arrived' }],
    ['refuses to capture a voided hold', voided, later, 'capture', { kind: 'refused' }],
    ['refuses to reverse a hold', held, later, 'reverse', { kind: 'refused' }],
    ['refuses to void a completed redemption', completed, null, 'void', { kind: 'refused' }],
  ])('%s', (_, status, holdUntil, wanted, step) => {
    expect(transitionStep(status, holdUntil, wanted, nowMs)).toEqual(step);
  });
});
