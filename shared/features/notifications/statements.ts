import { balancesOf, qualifyingSpendFen, settleAccount } from '../../domain/account.js';
import { addDays, programDay } from '../../domain/calendar.js';
import { expiresAtMs } from '../../domain/expiry.js';
import type { LedgerEntry } from '../../domain/ledgerEntry.js';
import { pointsByRule } from '../../domain/rules/pointsByRule.js';
import { periodBounds, statementFigures } from '../../domain/statement.js';
import { nextTierProgress } from '../../domain/tiers.js';
import type { MemberProfile } from '../../ports/MemberStore.js';
import type { NotificationDeps } from './emails.js';
import { notifyOnce } from './emails.js';

/** Members who get statements and reminders: active, subscribed, with an email. */
const emailable = (profile: MemberProfile) =>
  profile.status === 'active' && Boolean(profile.email) && !profile.unsubscribed;

/**
 * Writes a member's statement for `period` (figures from the ledger, expiring points and tier
 * progress as of the statement run), once per member and period.
 */
export async function prepareStatement(
  deps: NotificationDeps,
  memberId: string,
  period: string,
  asOfMs: number,
) {
  const found = await deps.members.getMember(memberId);
  if (!found || !emailable(found.profile)) return false;
  const program = await deps.programs.at(asOfMs);
  const tz = program.timeZone;
  const entries: LedgerEntry[] = [];
  for await (const entry of deps.ledger.allEntries(memberId)) entries.push(entry);
  const figures = statementFigures(entries, period, tz);
  const { endMs } = periodBounds(period, tz);
  const account = settleAccount(found.account, asOfMs);
  const horizon = addDays(programDay(asOfMs, tz), 90);
  const expiringSoon = balancesOf(account, asOfMs, program)
    .expiring.filter((lot) => lot.expiresOn <= horizon)
    .map((lot) => ({ points: lot.points, expiresAtMs: expiresAtMs(lot.expiresOn, tz) }));
  const spendFen = qualifyingSpendFen(account, Math.min(asOfMs, endMs), program);
  const tier = program.tiers.find((candidate) => candidate.code === account.tier) ?? program.tiers[0]!;
  const next = nextTierProgress(account.tier, spendFen, program);
  return notifyOnce(
    deps.ledger,
    memberId,
    `statement-${period}`,
    {
      kind: 'statement',
      figures,
      expiringSoon,
      tierName: tier.name,
      nextTier: next ? { name: next.name, spendNeededFen: next.spendNeededFen } : null,
      qualifyingSpendFen: spendFen,
      byRule: pointsByRule(entries, period, tz),
    },
    asOfMs,
  );
}

/** One reminder per expiry date for points expiring within the programme's reminder window. */
export async function remindExpiringPoints(deps: NotificationDeps, memberId: string, asOfMs: number) {
  const found = await deps.members.getMember(memberId);
  if (!found || !emailable(found.profile)) return 0;
  const program = await deps.programs.at(asOfMs);
  const horizon = addDays(programDay(asOfMs, program.timeZone), program.reminders.daysBefore);
  let written = 0;
  for (const lot of balancesOf(found.account, asOfMs, program).expiring) {
    if (lot.expiresOn > horizon) continue;
    const created = await notifyOnce(
      deps.ledger,
      memberId,
      `reminder-${lot.expiresOn}`,
      {
        kind: 'expiryReminder',
        points: lot.points,
        expiresAtMs: expiresAtMs(lot.expiresOn, program.timeZone),
      },
      asOfMs,
    );
    if (created) written++;
  }
  return written;
}
