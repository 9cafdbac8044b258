/**
 * Every key of the single table, by entity (the table's key schema and indexes are in
 * shared/tableDefinition.ts): what each item is stored under, the attributes of the indexes that
 * list it, the queries that read it back and the parsers of keys read back. The adapters build and
 * read keys only through these modules; nothing else in shared/ names `pk`, `sk` or a key prefix
 * (test/architecture/storageKeys.test.ts).
 */
export * from './keys/aggregates.js';
export * from './keys/audit.js';
export * from './keys/imports.js';
export * from './keys/jobs.js';
export * from './keys/members.js';
export * from './keys/partners.js';
export * from './keys/records.js';
export * from './keys/table.js';
