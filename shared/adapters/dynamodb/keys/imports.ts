/**
 * An import's items: the import (`IMPORT#<importId>`, `IMPORT`), a record per imported row in
 * sharded partitions (`IMPORT#<importId>#R<shard>`, `ROW#<row>`) and one per failed row
 * (`IMPORT#<importId>#ERRORS`, `ROW#<row>`); rows are zero-padded so that they sort by number.
 */
import { inPartition, inRange, isCursorIn } from './table.js';

/**
 * Row records are spread over this many partitions, so that a fast import never makes one
 * partition hot; counting reads them all in parallel.
 */
export const importRowShards = 16;

const rowSk = (row: number) => `ROW#${String(row).padStart(9, '0')}`;
const importPartition = (importId: string) => `IMPORT#${importId}`;
const rowShardPartition = (importId: string, shard: number) => `${importPartition(importId)}#R${shard}`;
const failuresPartition = (importId: string) => `${importPartition(importId)}#ERRORS`;

/** An imported row's record: which member the row became, and the row's fingerprint. */
export function importRowItem(
  importId: string,
  row: number,
  of: { readonly memberId: string; readonly fingerprint: string; readonly importedAt: string },
) {
  return { ...importKeys.row(importId, row), type: 'importRow', importId, row, ...of };
}

/** Item keys of an import, its imported rows (sharded by row number) and its failed rows. */
export const importKeys = {
  job: (importId: string) => ({ pk: importPartition(importId), sk: 'IMPORT' }),
  row: (importId: string, row: number) => ({
    pk: rowShardPartition(importId, row % importRowShards),
    sk: rowSk(row),
  }),
  failure: (importId: string, row: number) => ({ pk: failuresPartition(importId), sk: rowSk(row) }),
  /** One shard's row records, with `values` of a filter. */
  rowShard: (importId: string, shard: number, values: Record<string, unknown> = {}) =>
    inPartition(rowShardPartition(importId, shard), values),
  /** Every failed row, with `values` of a filter. */
  failures: (importId: string, values: Record<string, unknown> = {}) =>
    inPartition(failuresPartition(importId), values),
  /** The failed rows from `fromRow` to `toRow`, both included. */
  failuresBetween: (importId: string, fromRow: number, toRow: number, values: Record<string, unknown> = {}) =>
    inRange(failuresPartition(importId), rowSk(fromRow), rowSk(toRow), values),
  /** Whether a cursor is one of the import's failed rows. */
  isFailuresCursor: (importId: string, cursor: Readonly<Record<string, unknown>>) =>
    isCursorIn(cursor, failuresPartition(importId)),
};
