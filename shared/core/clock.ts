/**
 * The business clock. In AWS it is the system clock. The local runtime can move it
 * (`PUT /_local/clock`); it then keeps running from the time that was set.
 */
export interface Clock {
  nowMs(): number;
}

/** One offset per process, even if a test runner or bundler loads this module twice. */
const stateKey = Symbol.for('jifen.businessClock');
const holder = globalThis as { [stateKey]?: { offsetMs: number } };
holder[stateKey] ??= { offsetMs: 0 };
const state = holder[stateKey];

export const businessClock: Clock = {
  nowMs: () => Date.now() + state.offsetMs,
};

/** Local runtime only: make the business clock read `isoTime` now and run on from there; `null` returns to real time. */
export function setBusinessClock(isoTime: string | null): void {
  state.offsetMs = isoTime === null ? 0 : Date.parse(isoTime) - Date.now();
}

export function fixedClock(ms: number): Clock {
  return { nowMs: () => ms };
}
