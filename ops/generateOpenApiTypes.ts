/**
 * Writes the TypeScript types of the API (openapi-typescript, for openapi-fetch clients) from the
 * OpenAPI document, built in-process from the same route list and zod schemas the API serves:
 *   npm run openapi:types                 → clients/typescript/schema.d.ts
 *   npm run openapi:types -- --out <file> → another file (the operator console's, …)
 * test/http/openapi.test.ts fails when the committed file is not what this writes.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openApiToTypeScript } from '@jifen/openapi-typescript';
import { openApiDocument } from '../shared/http/openapi.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the TypeScript client's types live, relative to the repository root. */
export const clientTypesPath = 'clients/typescript/schema.d.ts';

const banner = `/**
 * The Jifen API's types, generated from GET /openapi.json by openapi-typescript.
 * Do not edit: run \`npm run openapi:types\` (test/http/openapi.test.ts checks this file is current).
 */
`;

/** Formats TypeScript text as Biome would format `path`, so the generated file passes \`npm run lint\`. */
function formatted(text: string, path: string): string {
  const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
  return execFileSync(process.execPath, [biome, 'format', `--stdin-file-path=${path}`], {
    cwd: root,
    input: text,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * The `.d.ts` text of the API: `paths`, `components` and `operations` as openapi-typescript writes
 * them, for `createClient<paths>()` of openapi-fetch. `path` (relative to the repository root) is
 * only used to format the text the way Biome formats that file.
 */
export async function openApiTypes(path: string = clientTypesPath): Promise<string> {
  const types = await openApiToTypeScript(openApiDocument(), { alphabetize: false });
  return formatted(banner + types, path);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = resolve(root, values.out ?? clientTypesPath);
  writeFileSync(out, await openApiTypes(relative(root, out)));
  console.log(`Wrote ${relative(process.cwd(), out)}`);
}
