/** What every command shares: the fast-check command shape, picking, ids, expectations. */
import type * as fc from 'fast-check';
import type { Key } from '../realProgramme.js';
import { checkInvariants, fail, type Run } from '../run.js';

export type Json = Record<string, unknown>;
export type Command = fc.AsyncCommand<Run, Run>;

export const pick = <T>(list: readonly T[], n: number): T | undefined =>
  list.length === 0 ? undefined : list[n % list.length];

export const partnerOf = (run: Run, which: 'a' | 'b'): Key => run.real.partners[which];

/** The till key of the partner that did an operation. */
export function keyOf(run: Run, partnerId: string): Key {
  const { a, b } = run.real.partners;
  return partnerId === a.partnerId ? a : b;
}

export function expectStatus(run: Run, what: string, status: number, expected: number, body: unknown): void {
  if (status !== expected) fail(run, `${what}: expected ${expected}, got ${status} ${JSON.stringify(body)}`);
}

let counter = 0;
export const nextId = (run: Run, prefix: string) => `${prefix}-${run.id}-${++counter}`;

export const iso = (ms: number) => new Date(ms).toISOString();

/** Time spent per command (acting, checking), for the summary printed after the run. */
export const stepTimes = new Map<string, { count: number; actMs: number; checkMs: number }>();

/** A command: acts on both sides, then the invariants of run.ts are checked. */
export abstract class Step implements Command {
  abstract describe(): string;
  check(_run: Readonly<Run>): boolean {
    return true;
  }
  abstract act(run: Run): Promise<void>;
  async run(_model: Run, run: Run): Promise<void> {
    run.steps.push(this.describe());
    const started = performance.now();
    await this.act(run);
    const acted = performance.now();
    await checkInvariants(run);
    const name = this.constructor.name;
    const spent = stepTimes.get(name) ?? { count: 0, actMs: 0, checkMs: 0 };
    stepTimes.set(name, {
      count: spent.count + 1,
      actMs: spent.actMs + Math.round(acted - started),
      checkMs: spent.checkMs + Math.round(performance.now() - acted),
    });
  }
  toString(): string {
    return this.describe();
  }
}
