/**
 * openapi-typescript turns an OpenAPI document into TypeScript types with the TypeScript 5
 * compiler API (its peer dependency `typescript@^5`). The repository type-checks with TypeScript 7,
 * which has no such API, and npm places a peer beside the package that needs it: so openapi-typescript
 * and its TypeScript 5 live in this small package's own node_modules, installed by the root's
 * `npm install` through its `file:` dev dependency, and nothing else sees that TypeScript.
 */
import openapiTS, { astToString } from 'openapi-typescript';

/** The `.d.ts` text of `document` (an OpenAPI 3.x object), as openapi-typescript writes it. */
export async function openApiToTypeScript(document, options = {}) {
  return astToString(await openapiTS(structuredClone(document), { silent: true, ...options }));
}
