/**
 * Members: find one by id; their profile (masked without pii:read), tier, points with their lots
 * and expiry dates, history with each purchase's points by rule, an adjustment with its reason,
 * and a member code sent by email.
 */
import { useState } from 'preact/hooks';
import { api, call, newId } from '../api/client';
import type { AdjustmentReason, BreakdownLine } from '../api/named';
import type { ResultOf } from '../api/paths';
import type { PageProps } from '../app';
import {
  Async,
  describedBy,
  Empty,
  errorsAt,
  Field,
  Pager,
  PageTitle,
  ProblemBox,
  Section,
  Stat,
  Table,
  useAction,
  useAsync,
  usePager,
} from '../components/ui';
import { fmtDate, fmtDateTime, fmtInt, fmtMoney, fmtPercent, fmtSigned } from '../format';
import { t } from '../i18n';
import { hrefOf, navigate } from '../router';
import { can } from '../session';

type Member = ResultOf<'getMember'> & { segment?: string | null };
type Transaction = ResultOf<'listTransactions'>['items'][number] & { breakdown?: BreakdownLine[] };

const recentKey = 'jifen.console.recentMembers';

function recentMembers(): string[] {
  try {
    return JSON.parse(window.sessionStorage.getItem(recentKey) ?? '[]') as string[];
  } catch {
    return [];
  }
}

function remember(memberId: string) {
  const list = [memberId, ...recentMembers().filter((id) => id !== memberId)].slice(0, 8);
  try {
    window.sessionStorage.setItem(recentKey, JSON.stringify(list));
  } catch {
    // Not remembered.
  }
}

export function MemberSearch({ initial = '' }: { initial?: string }) {
  const [memberId, setMemberId] = useState(initial);
  const [error, setError] = useState<string[] | undefined>();
  return (
    <form
      class="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        const id = memberId.trim();
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
          setError([t('members.idInvalid')]);
          return;
        }
        setError(undefined);
        navigate(`/members/${encodeURIComponent(id)}`);
      }}
    >
      <Field id="member-search" label={t('members.findById')} errors={error}>
        <input
          {...describedBy('member-search', error)}
          type="search"
          value={memberId}
          autoComplete="off"
          onInput={(e) => setMemberId(e.currentTarget.value)}
        />
      </Field>
      <button type="submit" class="primary">
        {t('members.find')}
      </button>
    </form>
  );
}

export function MembersPage(_: PageProps) {
  const recent = recentMembers();
  return (
    <>
      <PageTitle title={t('nav.members')} />
      <Section title={t('members.find')} id="find">
        <MemberSearch />
      </Section>
      {recent.length > 0 ? (
        <Section title={t('members.recent')} id="recent">
          <ul class="chips">
            {recent.map((id) => (
              <li key={id}>
                <a href={hrefOf(`/members/${encodeURIComponent(id)}`)}>{id}</a>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </>
  );
}

export function MemberPage({ me, params }: PageProps) {
  const memberId = params.memberId ?? '';
  const member = useAsync(async () => {
    const found = (await call(
      api().GET('/v1/members/{memberId}', { params: { path: { memberId } } }),
    )) as Member;
    remember(memberId);
    return found;
  }, [memberId]);
  const [historyRound, setHistoryRound] = useState(0);
  const refresh = () => {
    member.reload();
    setHistoryRound((n) => n + 1);
  };

  return (
    <>
      <PageTitle title={t('members.member', { memberId })}>
        <MemberSearch />
      </PageTitle>
      <Async state={member}>
        {(found) => (
          <>
            <div class="grid-2">
              <Section title={t('members.profile')} id="profile">
                {!can(me, 'pii:read') ? <p class="note">{t('members.masked')}</p> : null}
                <dl class="details">
                  <dt>{t('members.id')}</dt>
                  <dd>{found.memberId}</dd>
                  <dt>{t('members.name')}</dt>
                  <dd>{found.name ?? '—'}</dd>
                  <dt>{t('members.email')}</dt>
                  <dd data-testid="member-email">{found.email ?? '—'}</dd>
                  <dt>{t('members.phone')}</dt>
                  <dd data-testid="member-phone">{found.phone ?? '—'}</dd>
                  <dt>{t('members.birthday')}</dt>
                  <dd>{found.birthday ? fmtDate(found.birthday) : '—'}</dd>
                  <dt>{t('members.locale')}</dt>
                  <dd>{found.locale}</dd>
                  <dt>{t('members.status')}</dt>
                  <dd>{found.status}</dd>
                  <dt>{t('members.enrolled')}</dt>
                  <dd>{fmtDateTime(found.createdAt)}</dd>
                  <dt>{t('members.consent')}</dt>
                  <dd>{found.marketingConsent ? t('common.yes') : t('common.no')}</dd>
                  {found.segment !== undefined ? (
                    <>
                      <dt>{t('members.segment')}</dt>
                      <dd>{found.segment ?? '—'}</dd>
                    </>
                  ) : null}
                </dl>
              </Section>
              <Section title={t('members.tier')} id="tier">
                <dl class="details">
                  <dt>{t('common.tier')}</dt>
                  <dd data-testid="member-tier">
                    {found.tier.name} ({found.tier.code})
                  </dd>
                  <dt>{t('members.since')}</dt>
                  <dd>{fmtDateTime(found.tier.since)}</dd>
                  <dt>{t('members.qualifyingSpend')}</dt>
                  <dd>{fmtMoney(found.qualifyingSpend.amount, found.qualifyingSpend.currency)}</dd>
                  <dt>{t('members.nextTier')}</dt>
                  <dd>
                    {found.nextTier
                      ? t('members.nextTierNeeds', {
                          tier: found.nextTier.name,
                          amount: fmtMoney(
                            found.nextTier.spendNeeded.amount,
                            found.nextTier.spendNeeded.currency,
                          ),
                        })
                      : '—'}
                  </dd>
                  <dt>{t('members.discount')}</dt>
                  <dd>{fmtPercent(found.discountRate)}</dd>
                </dl>
              </Section>
            </div>
            <Section title={t('members.points')} id="points">
              <dl class="stats">
                <Stat
                  label={t('members.available')}
                  value={fmtInt(found.points.available)}
                  testId="points-available"
                />
                <Stat
                  label={t('members.pending')}
                  value={fmtInt(found.points.pending)}
                  testId="points-pending"
                />
                <Stat label={t('members.held')} value={fmtInt(found.points.held)} testId="points-held" />
              </dl>
              <h3>{t('members.lots')}</h3>
              {found.points.expiring.length === 0 ? (
                <Empty />
              ) : (
                <Table caption={t('members.lots')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('members.expiresAt')}</th>
                      <th scope="col" class="num">
                        {t('common.points')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {found.points.expiring.map((lot) => (
                      <tr key={lot.expiresAt}>
                        <td>{fmtDateTime(lot.expiresAt)}</td>
                        <td class="num">{fmtInt(lot.points)}</td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              )}
            </Section>
            <div class="grid-2">
              {can(me, 'points:adjust') ? <AdjustForm memberId={memberId} onDone={refresh} /> : null}
              {can(me, 'members:codes') ? (
                <SendCode memberId={memberId} hasEmail={found.email !== null} />
              ) : null}
            </div>
            <History memberId={memberId} round={historyRound} canReadPurchases={can(me, 'points:earn')} />
          </>
        )}
      </Async>
    </>
  );
}

const reasons: readonly AdjustmentReason[] = ['goodwill', 'correction', 'compensation', 'migration', 'other'];

function AdjustForm({ memberId, onDone }: { memberId: string; onDone: () => void }) {
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState<AdjustmentReason>('goodwill');
  const [note, setNote] = useState('');
  const [adjustmentId, setAdjustmentId] = useState(() => newId('adj'));
  const action = useAction(async () => {
    const result = await call(
      api().POST('/v1/members/{memberId}/adjustments', {
        params: { path: { memberId } },
        body: { adjustmentId, points: Number(points), reason, ...(note.trim() ? { note: note.trim() } : {}) },
      }),
    );
    setAdjustmentId(newId('adj'));
    setPoints('');
    setNote('');
    onDone();
    return result;
  });
  const errors = action.error?.errors;
  const pointsErrors = errorsAt(errors, 'points');
  return (
    <Section title={t('members.adjust')} id="adjust">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void action.go();
        }}
      >
        <div class="form-grid">
          <Field
            id="adjust-points"
            label={t('members.adjustPoints')}
            hint={t('members.adjustPointsHint')}
            errors={pointsErrors}
          >
            <input
              {...describedBy('adjust-points', pointsErrors, true)}
              type="number"
              step={1}
              required
              value={points}
              onInput={(e) => setPoints(e.currentTarget.value)}
            />
          </Field>
          <Field id="adjust-reason" label={t('members.reason')} errors={errorsAt(errors, 'reason')}>
            <select
              {...describedBy('adjust-reason', errorsAt(errors, 'reason'))}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value as AdjustmentReason)}
            >
              {reasons.map((code) => (
                <option key={code} value={code}>
                  {t(`reason.${code}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="adjust-note" label={t('members.note')} errors={errorsAt(errors, 'note')} wide>
            <textarea
              {...describedBy('adjust-note', errorsAt(errors, 'note'))}
              maxLength={500}
              rows={2}
              value={note}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
          </Field>
        </div>
        <button type="submit" class="primary" disabled={action.running || points === ''}>
          {t('members.adjustSubmit')}
        </button>
      </form>
      {action.error ? <ProblemBox problem={action.error} /> : null}
      {action.result ? (
        <p class="success" role="status" data-testid="adjustment-result">
          {action.result.status === 'pending_approval'
            ? t('members.adjustPending', {
                id: action.result.adjustmentId,
                points: fmtSigned(action.result.points),
              })
            : t('members.adjustApplied', {
                id: action.result.adjustmentId,
                points: fmtSigned(action.result.points),
              })}
        </p>
      ) : null}
    </Section>
  );
}

function SendCode({ memberId, hasEmail }: { memberId: string; hasEmail: boolean }) {
  const action = useAction(() =>
    call(
      api().POST('/v1/members/{memberId}/codes', {
        params: { path: { memberId } },
        body: { channel: 'email' },
      }),
    ),
  );
  return (
    <Section title={t('members.code')} id="code">
      <p>{hasEmail ? t('members.codeIntro') : t('members.codeNoEmail')}</p>
      <button type="button" onClick={() => void action.go()} disabled={action.running || !hasEmail}>
        {t('members.codeSend')}
      </button>
      {action.error ? <ProblemBox problem={action.error} /> : null}
      {action.result ? (
        <p class="success" role="status">
          {t('members.codeSent', { until: fmtDateTime(action.result.expiresAt) })}
        </p>
      ) : null}
    </Section>
  );
}

function purchaseIdOf(entry: Transaction): string | null {
  const found = /^purchase:(.+)$/.exec(entry.reference ?? '');
  return found ? found[1]! : null;
}

function History({
  memberId,
  round,
  canReadPurchases,
}: {
  memberId: string;
  round: number;
  canReadPurchases: boolean;
}) {
  const pager = usePager();
  const history = useAsync(
    () =>
      call(
        api().GET('/v1/members/{memberId}/transactions', {
          params: {
            path: { memberId },
            query: { limit: 20, ...(pager.cursor ? { cursor: pager.cursor } : {}) },
          },
        }),
      ),
    [memberId, pager.cursor, round],
  );
  return (
    <Section title={t('members.history')} id="history">
      <Async state={history}>
        {(page) => (
          <>
            {page.items.length === 0 ? (
              <Empty />
            ) : (
              <Table caption={t('members.history')}>
                <thead>
                  <tr>
                    <th scope="col">{t('members.when')}</th>
                    <th scope="col">{t('members.type')}</th>
                    <th scope="col" class="num">
                      {t('common.points')}
                    </th>
                    <th scope="col">{t('members.description')}</th>
                    <th scope="col">{t('members.breakdown')}</th>
                  </tr>
                </thead>
                <tbody>
                  {(page.items as Transaction[]).map((entry) => (
                    <tr key={entry.transactionId} data-type={entry.type}>
                      <td>{fmtDateTime(entry.occurredAt)}</td>
                      <td>
                        <span class={`tag tag-${entry.type}`}>{t(`tx.${entry.type}`)}</span>
                      </td>
                      <td class={`num ${entry.points < 0 ? 'debit' : 'credit'}`}>
                        {fmtSigned(entry.points)}
                      </td>
                      <td>
                        {entry.partner === 'other' ? t('members.otherPartner') : entry.description}
                        <br />
                        <small class="muted">{entry.reference}</small>
                        {entry.pendingUntil ? (
                          <small class="muted">
                            {' '}
                            · {t('members.pendingUntil', { date: fmtDateTime(entry.pendingUntil) })}
                          </small>
                        ) : null}
                      </td>
                      <td>
                        <Breakdown entry={entry} canReadPurchases={canReadPurchases} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
            <Pager pager={pager} nextCursor={page.nextCursor} />
          </>
        )}
      </Async>
    </Section>
  );
}

function BreakdownList({ lines }: { lines: BreakdownLine[] }) {
  return (
    <ul class="breakdown" data-testid="breakdown">
      {lines.map((line) => (
        <li key={line.ruleId}>
          <span>{line.label}</span> <span class="num">{fmtSigned(line.points)}</span>
        </li>
      ))}
    </ul>
  );
}

/** A purchase's points by rule: on the entry when the API puts it there, else from the purchase. */
function Breakdown({ entry, canReadPurchases }: { entry: Transaction; canReadPurchases: boolean }) {
  const purchaseId = purchaseIdOf(entry);
  const action = useAction(async () => {
    const purchase = (await call(
      api().GET('/v1/purchases/{purchaseId}', { params: { path: { purchaseId: purchaseId! } } }),
    )) as ResultOf<'getPurchase'> & { breakdown?: BreakdownLine[] };
    return purchase;
  });
  if (entry.breakdown && entry.breakdown.length > 0) return <BreakdownList lines={entry.breakdown} />;
  if (!purchaseId || !canReadPurchases || entry.type !== 'earn') return null;
  if (action.result) {
    return action.result.breakdown ? (
      <BreakdownList lines={action.result.breakdown} />
    ) : (
      <small class="muted">{t('members.noBreakdown', { points: fmtInt(action.result.points) })}</small>
    );
  }
  return (
    <>
      <button type="button" class="small" onClick={() => void action.go()} disabled={action.running}>
        {t('members.showBreakdown')}
        <span class="visually-hidden"> {purchaseId}</span>
      </button>
      {action.error ? <ProblemBox problem={action.error} /> : null}
    </>
  );
}
