/**
 * Holes of issue 17 that main still has while other helpers fix them. With tolerance on (the
 * default, `npm test`), the model follows what the code does today for exactly these and nothing
 * else, so the fixed-seed run passes on main; `MODEL_TOLERATE=none` (or `npm run fuzz` with it)
 * holds the code to the contract and the model finds them. Remove an entry when its fix lands.
 */
export const knownHoles = {
  // None left: the holes this model was written against have all landed.
} as const;

export type KnownHole = keyof typeof knownHoles;

const setting = process.env.MODEL_TOLERATE ?? 'all';
const tolerated: ReadonlySet<string> =
  setting === 'all'
    ? new Set(Object.keys(knownHoles))
    : new Set(setting === 'none' || setting === '' ? [] : setting.split(','));

/** True while the model follows today's code for `hole` instead of the contract. */
export function tolerates(hole: KnownHole): boolean {
  return tolerated.has(hole);
}

export function toleranceSummary(): string {
  return tolerated.size === 0 ? 'none (the contract)' : [...tolerated].join(', ');
}
