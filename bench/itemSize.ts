/**
 * DynamoDB item size as DynamoDB bills it: attribute names plus values (strings as UTF-8 bytes,
 * numbers about one byte per two significant digits plus one, maps and lists 3 bytes plus one per
 * element plus their contents). Write units: 1 per KB, rounded up, per item; 2 per KB in a
 * transaction. DynamoDB Local does not report consumed capacity for transactions, so the benchmark
 * computes it from the items it wrote.
 */
function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') {
    const digits = String(Math.abs(value)).replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
  }
  if (Array.isArray(value))
    return 3 + value.reduce<number>((sum, element) => sum + 1 + valueSize(element), 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value as Record<string, unknown>).reduce(
        (sum, [name, element]) => sum + 1 + Buffer.byteLength(name, 'utf8') + valueSize(element),
        0,
      )
    );
  }
  return 0;
}

export function itemSizeBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) =>
      value === undefined ? sum : sum + Buffer.byteLength(name, 'utf8') + valueSize(value),
    0,
  );
}

export function transactionalWriteUnits(items: readonly Record<string, unknown>[]): number {
  return items.reduce((sum, item) => sum + 2 * Math.max(1, Math.ceil(itemSizeBytes(item) / 1024)), 0);
}
