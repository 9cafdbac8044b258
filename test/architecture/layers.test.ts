import { describe, expect, it } from 'vitest';
import { cycles, importGraph } from './importGraph.js';

/**
 * The layers of shared/ (README, "Layout"), checked over the import graph:
 * - core: the application vocabulary (caller, paging, validation, errors, scopes, records); imports
 *   nothing of shared/ but itself, so that any layer may import it;
 * - domain: the pure rules; imports only core;
 * - features (shared/features/<area>/): import domain, core and ports (and each other); jobs
 *   (shared/jobs/) run features and may import them too;
 * - adapters: implement ports; never import features, jobs or the wiring;
 * - wiring (shared/wiring/): the composition root, imported only by functions/, local/, ops/,
 *   bench/ and test/.
 * And no cycles among the files of shared/.
 */
const graph = importGraph(['shared', 'functions', 'local', 'ops', 'bench', 'test', 'infra', 'clients']);

type Layer = 'core' | 'domain' | 'features' | 'jobs' | 'ports' | 'adapters' | 'wiring' | 'shared' | 'outside';

function layerOf(file: string): Layer {
  const top = /^shared\/([^/.]+)/.exec(file)?.[1];
  if (top === undefined) return 'outside';
  if (top === 'features') return 'features';
  if (['core', 'domain', 'jobs', 'ports', 'adapters', 'wiring'].includes(top)) return top as Layer;
  return 'shared';
}

const mayImport: Partial<Record<Layer, readonly Layer[]>> = {
  core: ['core'],
  domain: ['core', 'domain'],
  features: ['core', 'domain', 'ports', 'features'],
  jobs: ['core', 'domain', 'ports', 'features', 'jobs'],
};
const neverImport: Partial<Record<Layer, readonly Layer[]>> = {
  adapters: ['features', 'jobs', 'wiring'],
};
const wiringImporters = ['functions/', 'local/', 'ops/', 'bench/', 'test/', 'shared/wiring/'];

function breaches(of: ReadonlyMap<string, readonly string[]> = graph): string[] {
  const found: string[] = [];
  for (const [file, imports] of of) {
    const from = layerOf(file);
    for (const target of imports) {
      if (!target.startsWith('shared/')) continue;
      const to = layerOf(target);
      const allowed = mayImport[from];
      const refused =
        (allowed !== undefined && !allowed.includes(to)) ||
        (neverImport[from]?.includes(to) ?? false) ||
        (to === 'wiring' && !wiringImporters.some((prefix) => file.startsWith(prefix)));
      if (refused) found.push(`${file} -> ${target}`);
    }
  }
  return [...new Set(found)].sort();
}

describe('the layers of shared/', () => {
  it('reads the import graph (a file that imports nothing of ours would say nothing)', () => {
    expect(graph.get('shared/core/paging.ts')).toEqual(
      expect.arrayContaining(['shared/core/errors.ts', 'shared/core/validate.ts']),
    );
    expect(graph.size).toBeGreaterThan(200);
  });

  it('keeps domain on core, features on domain, core and ports, adapters off features, wiring at the edge', () => {
    expect(breaches()).toEqual([]);
  });

  it('would see a breach of each rule (the rules are not vacuous)', () => {
    const wrong = new Map<string, readonly string[]>([
      ['shared/domain/a.ts', ['shared/features/members/view.ts', 'shared/core/errors.ts']],
      ['shared/core/b.ts', ['shared/system.ts']],
      ['shared/features/members/c.ts', ['shared/adapters/dynamodb/keys.ts', 'shared/ports/MemberStore.ts']],
      ['shared/adapters/dynamodb/d.ts', ['shared/jobs/engine.ts']],
      ['shared/jobs/e.ts', ['shared/features/purchases/credit.ts']],
      ['infra/f.ts', ['shared/wiring/adapters.ts']],
    ]);
    expect(breaches(wrong)).toEqual([
      'infra/f.ts -> shared/wiring/adapters.ts',
      'shared/adapters/dynamodb/d.ts -> shared/jobs/engine.ts',
      'shared/core/b.ts -> shared/system.ts',
      'shared/domain/a.ts -> shared/features/members/view.ts',
      'shared/features/members/c.ts -> shared/adapters/dynamodb/keys.ts',
    ]);
  });

  it('has no cycles among the files of shared/', () => {
    const shared = new Map([...graph].filter(([file]) => file.startsWith('shared/')));
    expect(cycles(shared)).toEqual([]);
    expect(
      cycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', ['a.ts']],
        ]),
      ),
    ).toHaveLength(1);
  });
});
