/** The options of openapi-typescript used here (see https://openapi-ts.dev/node). */
export interface OpenApiToTypeScriptOptions {
  /** Sort object keys alphabetically. */
  readonly alphabetize?: boolean;
  /** Readonly properties and arrays. */
  readonly immutable?: boolean;
  /** Export `type` aliases instead of interfaces. */
  readonly exportType?: boolean;
  /** Non-required fields with a `default` are typed as present. */
  readonly defaultNonNullable?: boolean;
  /** Also export each component schema as a root type (`SchemaProblem`, …). */
  readonly rootTypes?: boolean;
}

/** The `.d.ts` text of `document` (an OpenAPI 3.x object), as openapi-typescript writes it. */
export function openApiToTypeScript(document: unknown, options?: OpenApiToTypeScriptOptions): Promise<string>;
