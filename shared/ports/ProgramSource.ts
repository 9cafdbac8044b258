import type { Program } from '../domain/program.js';

/** The programme's rules, versioned: each event is judged by the version in force when it occurred. */
export interface ProgramSource {
  current(): Promise<Program>;
  /** The version in force at `occurredAtMs`. */
  at(occurredAtMs: number): Promise<Program>;
}
