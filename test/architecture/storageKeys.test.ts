import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, root } from './importGraph.js';

/**
 * Storage knowledge in one place (issue 18 item 4): the table's key attributes and every key
 * string are named only where the table is described and where its keys are built and parsed.
 * Anywhere else in shared/, in code or in comments, these are breaches:
 * - a key prefix literal: a quote or backtick followed by capitals and `#` (`'PARTNER#'`, `` `AGG#${…}` ``);
 * - the key attributes `pk` and `sk`, and those of the `gsi1` index, `gsi1pk` and `gsi1sk`.
 */
const keyPrefixLiteral = /['"`][A-Z][A-Z_]*#/;
const keyAttribute = /\b(?:pk|sk|gsi1pk|gsi1sk)\b/;

/** Where storage keys may be named, each with its reason. */
const allowed: Readonly<Record<string, string>> = {
  'shared/tableDefinition.ts':
    'the key schema and indexes themselves, from which the CDK stack and the local runtime build the table',
  'shared/adapters/dynamodb/keys.ts': 'the index of the key modules: documents the layout they share',
  'shared/adapters/dynamodb/keys/':
    'the key builders and parsers, by entity, and the expressions on the key attributes',
};

const isAllowed = (file: string) =>
  Object.keys(allowed).some((entry) => (entry.endsWith('/') ? file.startsWith(entry) : file === entry));

/** Each line of shared/ outside the allow-list that names a key, as `file:line: text`. */
function breaches(): string[] {
  const found: string[] = [];
  for (const file of [...importGraph(['shared']).keys()].sort()) {
    if (isAllowed(file)) continue;
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    for (const [index, line] of lines.entries()) {
      if (keyPrefixLiteral.test(line) || keyAttribute.test(line))
        found.push(`${file}:${index + 1}: ${line.trim()}`);
    }
  }
  return found;
}

describe('storage keys', () => {
  it('recognises key prefixes and key attributes, and nothing like them', () => {
    const names = (line: string) => keyPrefixLiteral.test(line) || keyAttribute.test(line);
    for (const line of [
      'pk: `PARTNER#<partnerId>`',
      "const prefix = 'IMPORT#';",
      '"AGG#P#0"',
      "KeyConditionExpression: 'pk = :pk'",
      "ConditionExpression: 'attribute_not_exists(pk)'",
      'cursor.sk.startsWith(prefix)',
      "{ gsi1pk: 'PARTNERS', gsi1sk: id }",
      ' * the account (`MEMBER#<id>`, `ACCOUNT`)',
    ]) {
      expect(names(line), line).toBe(true);
    }
    for (const line of [
      'reference: `import:<importId>#<row>`',
      "if (ref === '#') {",
      'const skip = 1; const pkg = "x";',
      "status: 'PENDING'",
      '`<campaignId>#<shard>`',
    ]) {
      expect(names(line), line).toBe(false);
    }
  });

  it('keeps every allowed place in existence, so the list stays exact', () => {
    for (const entry of Object.keys(allowed)) expect(existsSync(join(root, entry)), entry).toBe(true);
  });

  it('names key prefixes and pk/sk nowhere in shared/ but the table definition and adapters/dynamodb/keys', () => {
    expect(breaches()).toEqual([]);
  });
});
