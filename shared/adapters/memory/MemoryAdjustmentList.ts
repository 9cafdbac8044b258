/** Adjustment records by status, newest first, in memory (the records the ledger's changes wrote). */
import { ValidationFailed } from '../../core/errors.js';
import type { AdjustmentStatus, OperationRecord } from '../../core/records.js';
import type { AdjustmentList } from '../../ports/AdjustmentList.js';
import { adjustmentIndexOf } from '../indexes.js';
import { byKey, copy, type MemoryDatabase } from './MemoryDatabase.js';

export class MemoryAdjustmentList implements AdjustmentList {
  constructor(private readonly db: MemoryDatabase) {}

  async page(status: AdjustmentStatus, limit: number, cursor?: Record<string, unknown>) {
    if (cursor && (cursor.status !== status || typeof cursor.before !== 'string')) {
      throw new ValidationFailed([{ path: 'cursor', message: 'Not a cursor of this list.' }]);
    }
    const before = cursor?.before as string | undefined;
    const listed: [string, OperationRecord<'ADJUSTMENT'>][] = [];
    for (const record of this.db.records.values()) {
      const index = adjustmentIndexOf(record);
      if (index?.status === status && (before === undefined || index.sortKey < before))
        listed.push([index.sortKey, record as OperationRecord<'ADJUSTMENT'>]);
    }
    const newestFirst = listed.sort(byKey).reverse();
    const page = newestFirst.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(([, record]) => copy(record)),
      next: newestFirst.length > limit && last ? { status, before: last[0] } : undefined,
    };
  }
}
