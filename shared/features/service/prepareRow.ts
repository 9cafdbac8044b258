/**
 * One row of an import checked and turned into what its transaction writes: the member's profile,
 * the account with its opening balances and the ledger entries that make them up (domain
 * openingBalances.ts), and the welcome notification; or the reason the row cannot be imported.
 */
import { ErrorCode } from '../../core/errors.js';
import { fingerprint } from '../../core/fingerprint.js';
import { fieldErrorsOf } from '../../core/validate.js';
import { startOfDayMs } from '../../domain/calendar.js';
import { expiresOn } from '../../domain/expiry.js';
import { NEVER } from '../../domain/lots.js';
import {
  type OpeningLot,
  openingAccount,
  openingEntries,
  openingLastPurchaseAtMs,
} from '../../domain/openingBalances.js';
import type { Program } from '../../domain/program.js';
import type { ImportedMember, ImportOptions, RowFailure } from '../../ports/ImportStore.js';
import { type MemberProfile, MemberStatus } from '../../ports/MemberStore.js';
import { notificationRecord } from '../notifications/emails.js';
import type { ImportsDeps } from './importRecords.js';
import { type ImportRow, importRowSchema } from './importSchemas.js';

/** Instants may be up to this far ahead of the business clock (clocks differ a little). */
const futureSkewMs = 5 * 60_000;

export type RowResult =
  | { readonly kind: 'imported' | 'alreadyImported' | 'unprocessed' }
  | { readonly kind: 'failed'; readonly failure: RowFailure; readonly persist: boolean };

export const failed = (row: number, memberId: unknown, code: string, detail: string): RowResult => ({
  kind: 'failed',
  failure: { row, memberId: typeof memberId === 'string' ? memberId.slice(0, 64) : null, code, detail },
  persist: true,
});

export interface RowContext {
  readonly importId: string;
  readonly options: ImportOptions;
  readonly program: Program;
  readonly nowMs: number;
  readonly previouslyFailed: ReadonlySet<number>;
}

/** A row with its number: the one it was sent with, or its position in the import. */
type NumberedRow = ImportRow & { readonly row: number };

/** An instant with offset, or a programme day (its 00:00). */
function instantMs(value: string, tz: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? startOfDayMs(value, tz) : Date.parse(value);
}

/** Why a valid row cannot be imported: an instant in the future, or a tier the programme lacks; null when it can. */
function refusalOf(context: RowContext, row: NumberedRow): RowResult | null {
  const { program, nowMs } = context;
  const tz = program.timeZone;
  const tooLate = (path: string, value: string) =>
    instantMs(value, tz) > nowMs + futureSkewMs
      ? failed(row.row, row.memberId, ErrorCode.validationFailed, `${path} is in the future.`)
      : null;
  const future =
    tooLate('enrolledAt', row.enrolledAt) ??
    (row.lastPurchaseAt ? tooLate('lastPurchaseAt', row.lastPurchaseAt) : null) ??
    (row.balances ?? [])
      .map((lot, i) => tooLate(`balances.${i}.earnedAt`, lot.earnedAt))
      .find((result) => result !== null) ??
    null;
  if (future) return future;
  if (row.tier !== undefined && !program.tiers.some((tier) => tier.code === row.tier)) {
    return failed(
      row.row,
      row.memberId,
      ErrorCode.validationFailed,
      `tier: not a tier of the programme (${program.tiers.map((tier) => tier.code).join(', ')}).`,
    );
  }
  return null;
}

/** The row's opening balances as lots, each expiring by the policy in force when it was earned. */
function openingLots(deps: ImportsDeps, row: NumberedRow, tz: string): Promise<OpeningLot[]> {
  return Promise.all(
    (row.balances ?? []).map(async (lot) => {
      const earnedAtMs = instantMs(lot.earnedAt, tz);
      const policy = (await deps.programs.at(earnedAtMs)).expiry;
      return { points: lot.points, earnedAtMs, expiresOn: expiresOn(earnedAtMs, policy, tz) ?? NEVER };
    }),
  );
}

/** The imported member's profile, created when they enrolled in the old programme. */
function importedProfile(row: NumberedRow, enrolledAt: string, reference: string): MemberProfile {
  return {
    memberId: row.memberId,
    name: row.name ?? null,
    email: row.email ?? null,
    phone: row.phone ?? null,
    birthday: row.birthday ?? null,
    locale: row.locale ?? 'zh-CN',
    marketingConsent: row.marketingConsent ?? false,
    referrerId: null,
    status: MemberStatus.active,
    createdAt: enrolledAt,
    // Never the fingerprint of an enrolment request: enrolling an imported id is member_exists.
    enrolmentFingerprint: reference,
    version: 0,
  };
}

/** The member a valid row describes, everything its transaction writes; or why it cannot be imported. */
async function memberOfRow(
  deps: ImportsDeps,
  context: RowContext,
  row: NumberedRow,
): Promise<ImportedMember | RowResult> {
  const refusal = refusalOf(context, row);
  if (refusal) return refusal;
  const { program, nowMs, importId, options } = context;
  const tz = program.timeZone;
  const enrolledAtMs = instantMs(row.enrolledAt, tz);
  const lots = await openingLots(deps, row, tz);
  const bonusPoints = options.enrolmentBonus ? program.bonuses.enrolment : 0;
  const qualifyingSpendFen = row.qualifyingSpend ?? 0;
  const account = openingAccount({
    memberId: row.memberId,
    enrolledAtMs,
    nowMs,
    tier: row.tier ?? null,
    qualifyingSpendFen,
    lastPurchaseAtMs: openingLastPurchaseAtMs(
      row.lastPurchaseAt ? instantMs(row.lastPurchaseAt, tz) : null,
      qualifyingSpendFen,
      nowMs,
    ),
    lots,
    bonus:
      bonusPoints > 0
        ? { points: bonusPoints, expiresOn: expiresOn(nowMs, program.expiry, tz) ?? NEVER }
        : null,
    program,
  });
  const enrolledAt = new Date(enrolledAtMs).toISOString();
  const reference = `import:${importId}#${row.row}`;
  return {
    row: row.row,
    rowFingerprint: fingerprint(row),
    importedAt: new Date(nowMs).toISOString(),
    profile: importedProfile(row, enrolledAt, reference),
    account: { ...account, enrolledAt },
    entries: openingEntries({
      memberId: row.memberId,
      importId,
      reference,
      lots,
      bonusPoints,
      nowMs,
      timeZone: tz,
    }),
    records:
      options.welcomeEmail && row.email
        ? [notificationRecord(row.memberId, 'welcome', { kind: 'welcome', points: bonusPoints }, nowMs)]
        : [],
    resolvesFailure: context.previouslyFailed.has(row.row),
  };
}

/** A row checked and turned into what it writes, or the reason it fails. */
export async function prepareRow(
  deps: ImportsDeps,
  context: RowContext,
  raw: Record<string, unknown>,
  firstRowOf: ReadonlyMap<unknown, number>,
): Promise<ImportedMember | RowResult> {
  const rowNumber = Number(raw.row);
  const first = firstRowOf.get(raw.memberId);
  if (first !== undefined && first !== rowNumber) {
    return failed(
      rowNumber,
      raw.memberId,
      ErrorCode.memberExists,
      `Member "${raw.memberId}" is also in row ${first}.`,
    );
  }
  const parsed = importRowSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = fieldErrorsOf(parsed.error)
      .map((error) => `${error.path || '(row)'}: ${error.message}`)
      .join('; ');
    return failed(rowNumber, raw.memberId, ErrorCode.validationFailed, detail);
  }
  return memberOfRow(deps, context, { ...parsed.data, row: rowNumber });
}
