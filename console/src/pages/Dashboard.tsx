/**
 * Today / 7 / 30 days at a glance: the summary report (members, points, liability, tiers) and,
 * from issue 12's reports when the API has them, points by day, top partners and expiring points.
 */
import { useMemo, useState } from 'preact/hooks';
import { api, call } from '../api/client';
import type { PageProps } from '../app';
import { Async, Chart, type ChartSpec, PageTitle, Section, Stat, Table, useAsync } from '../components/ui';
import { fmtDate, fmtInt, fmtMoney, fmtPercent, lastDays } from '../format';
import { t } from '../i18n';

const periods = [
  { days: 1, label: 'dashboard.today' },
  { days: 7, label: 'dashboard.days7' },
  { days: 30, label: 'dashboard.days30' },
] as const;

export function DashboardPage(_: PageProps) {
  const [days, setDays] = useState<number>(7);
  const period = useMemo(() => lastDays(days), [days]);
  const summary = useAsync(
    () => call(api().GET('/v1/reports/summary', { params: { query: { from: period.from, to: period.to } } })),
    [period.from, period.to],
  );
  const daily = useAsync(
    () =>
      call(
        api().GET('/v1/reports/daily', {
          params: { query: { from: period.firstDate, to: period.lastDate } },
        }),
      ),
    [period.firstDate, period.lastDate],
  );
  const month = period.lastDate.slice(0, 7);
  const settlement = useAsync(
    () => call(api().GET('/v1/reports/settlement', { params: { query: { period: month } } })),
    [month],
  );
  const liability = useAsync(() => call(api().GET('/v1/reports/liability')), []);

  return (
    <>
      <PageTitle title={t('nav.dashboard')}>
        <fieldset class="segmented">
          <legend class="visually-hidden">{t('dashboard.period')}</legend>
          {periods.map((option) => (
            <label key={option.days} class={days === option.days ? 'active' : undefined}>
              <input
                type="radio"
                name="period"
                value={option.days}
                checked={days === option.days}
                onChange={() => setDays(option.days)}
              />
              {t(option.label)}
            </label>
          ))}
        </fieldset>
      </PageTitle>
      <p class="muted" data-testid="period">
        {fmtDate(period.firstDate)} – {fmtDate(period.lastDate)}
      </p>
      <Section title={t('dashboard.figures')} id="figures">
        <Async state={summary}>
          {(report) => (
            <dl class="stats" data-from={report.from} data-to={report.to}>
              <Stat
                label={t('dashboard.members')}
                value={fmtInt(report.members.total)}
                testId="members-total"
              />
              <Stat
                label={t('dashboard.newMembers')}
                value={fmtInt(report.members.new)}
                testId="members-new"
              />
              <Stat
                label={t('dashboard.activeMembers')}
                value={fmtInt(report.members.active)}
                testId="members-active"
              />
              <Stat
                label={t('dashboard.issued')}
                value={fmtInt(report.points.issued)}
                testId="points-issued"
              />
              <Stat
                label={t('dashboard.redeemed')}
                value={fmtInt(report.points.redeemed)}
                testId="points-redeemed"
              />
              <Stat
                label={t('dashboard.expired')}
                value={fmtInt(report.points.expired)}
                testId="points-expired"
              />
              <Stat
                label={t('dashboard.outstanding')}
                value={fmtInt(report.points.outstanding)}
                testId="points-outstanding"
              />
              <Stat
                label={t('dashboard.liability')}
                value={fmtMoney(report.liability.amount, report.liability.currency)}
                testId="liability"
              />
              <Stat
                label={t('dashboard.redemptionRate')}
                value={fmtPercent(report.redemptionRate)}
                testId="redemption-rate"
              />
            </dl>
          )}
        </Async>
      </Section>
      <div class="grid-2">
        <Section title={t('dashboard.tiers')} id="tiers">
          <Async state={summary}>
            {(report) => {
              const tiers = Object.entries(report.tiers);
              const drawn = tiers.filter(([, count]) => count > 0);
              const spec: ChartSpec = {
                kind: 'pie',
                categories: drawn.map(([code]) => code),
                series: [{ name: t('dashboard.members'), values: drawn.map(([, count]) => count) }],
              };
              return (
                <>
                  <Chart spec={spec} label={t('dashboard.tiersChart')} />
                  <Table caption={t('dashboard.tiers')}>
                    <thead>
                      <tr>
                        <th scope="col">{t('common.tier')}</th>
                        <th scope="col" class="num">
                          {t('dashboard.members')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {tiers.map(([code, count]) => (
                        <tr key={code}>
                          <td>{code}</td>
                          <td class="num" data-testid={`tier-${code}`}>
                            {fmtInt(count)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </Table>
                </>
              );
            }}
          </Async>
        </Section>
        <Section title={t('dashboard.byDay')} id="by-day">
          <Async state={daily} what={t('dashboard.dailyWhat')}>
            {(report) => (
              <Chart
                label={t('dashboard.byDay')}
                spec={{
                  kind: days === 1 ? 'bar' : 'line',
                  categories: report.items.map((row) => row.date.slice(5)),
                  series: [
                    { name: t('dashboard.issued'), values: report.items.map((row) => row.points.issued) },
                    { name: t('dashboard.redeemed'), values: report.items.map((row) => row.points.redeemed) },
                    { name: t('dashboard.expired'), values: report.items.map((row) => row.points.expired) },
                    { name: t('dashboard.newMembers'), values: report.items.map((row) => row.members.new) },
                  ],
                }}
              />
            )}
          </Async>
        </Section>
        <Section title={t('dashboard.topPartners', { month })} id="top-partners">
          <Async state={settlement} what={t('dashboard.settlementWhat')}>
            {(report) => {
              const top = [...report.partners].sort((a, b) => b.issued.points - a.issued.points).slice(0, 8);
              return top.length === 0 ? (
                <p class="empty">{t('common.none')}</p>
              ) : (
                <Chart
                  label={t('dashboard.topPartners', { month })}
                  spec={{
                    kind: 'bar',
                    horizontal: true,
                    categories: top.map((row) => row.partnerId),
                    series: [
                      { name: t('dashboard.issued'), values: top.map((row) => row.issued.points) },
                      { name: t('dashboard.redeemed'), values: top.map((row) => row.redeemed.points) },
                    ],
                  }}
                />
              );
            }}
          </Async>
        </Section>
        <Section title={t('dashboard.expiring')} id="expiring">
          <Async state={liability} what={t('dashboard.liabilityWhat')}>
            {(report) => (
              <>
                <p>
                  {t('dashboard.liabilityNow', {
                    points: fmtInt(report.points),
                    value: fmtMoney(report.value.amount, report.value.currency),
                  })}
                </p>
                <Chart
                  label={t('dashboard.expiring')}
                  spec={{
                    kind: 'bar',
                    categories: report.expiring.map((row) => row.month),
                    series: [
                      {
                        name: t('dashboard.expiringPoints'),
                        values: report.expiring.map((row) => row.points),
                      },
                    ],
                  }}
                />
              </>
            )}
          </Async>
        </Section>
      </div>
    </>
  );
}
