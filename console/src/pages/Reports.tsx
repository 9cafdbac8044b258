/** Reports of issue 12: daily figures, the partners' settlement and member segments, each as CSV too. */
import { useState } from 'preact/hooks';
import { api, call, downloadCsv } from '../api/client';
import type { PageProps } from '../app';
import {
  Async,
  Chart,
  describedBy,
  Empty,
  Field,
  PageTitle,
  ProblemBox,
  Section,
  Table,
  useAction,
  useAsync,
} from '../components/ui';
import { dateIn, fmtDate, fmtDateTime, fmtInt, fmtMoney, lastDays } from '../format';
import { t } from '../i18n';

const csv = { accept: 'text/csv' } as const;

function CsvButton({ run, label }: { run: () => Promise<void>; label: string }) {
  const action = useAction(run);
  return (
    <>
      <button type="button" onClick={() => void action.go()} disabled={action.running}>
        {label}
      </button>
      {action.error ? <ProblemBox problem={action.error} /> : null}
    </>
  );
}

export function ReportsPage(_: PageProps) {
  return (
    <>
      <PageTitle title={t('nav.reports')} />
      <Daily />
      <Settlement />
      <Segments />
    </>
  );
}

function Daily() {
  const initial = lastDays(30);
  const [from, setFrom] = useState(initial.firstDate);
  const [to, setTo] = useState(initial.lastDate);
  const [partnerId, setPartnerId] = useState('');
  const [storeId, setStoreId] = useState('');
  const [query, setQuery] = useState({
    from: initial.firstDate,
    to: initial.lastDate,
    partnerId: '',
    storeId: '',
  });
  const params = {
    from: query.from,
    to: query.to,
    ...(query.partnerId ? { partnerId: query.partnerId } : {}),
    ...(query.storeId ? { storeId: query.storeId } : {}),
  };
  const report = useAsync(
    () => call(api().GET('/v1/reports/daily', { params: { query: params } })),
    [JSON.stringify(query)],
  );
  return (
    <Section
      title={t('reports.daily')}
      id="daily"
      actions={
        <CsvButton
          label={t('reports.csv')}
          run={() =>
            downloadCsv(
              api().GET('/v1/reports/daily', { params: { query: params }, headers: csv, parseAs: 'text' }),
              `daily-${query.from}-${query.to}.csv`,
            )
          }
        />
      }
    >
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery({ from, to, partnerId: partnerId.trim(), storeId: storeId.trim() });
        }}
      >
        <Field id="daily-from" label={t('reports.from')}>
          <input
            {...describedBy('daily-from')}
            type="date"
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
        </Field>
        <Field id="daily-to" label={t('reports.to')}>
          <input
            {...describedBy('daily-to')}
            type="date"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
        </Field>
        <Field id="daily-partner" label={t('partners.id')}>
          <input
            {...describedBy('daily-partner')}
            value={partnerId}
            onInput={(e) => setPartnerId(e.currentTarget.value)}
          />
        </Field>
        <Field id="daily-store" label={t('programme.store')}>
          <input
            {...describedBy('daily-store')}
            value={storeId}
            onInput={(e) => setStoreId(e.currentTarget.value)}
          />
        </Field>
        <button type="submit">{t('reports.show')}</button>
      </form>
      <Async state={report} what={t('dashboard.dailyWhat')}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty />
          ) : (
            <>
              <Chart
                label={t('reports.daily')}
                spec={{
                  kind: 'line',
                  categories: data.items.map((row) => row.date),
                  series: [
                    { name: t('dashboard.issued'), values: data.items.map((row) => row.points.issued) },
                    { name: t('dashboard.redeemed'), values: data.items.map((row) => row.points.redeemed) },
                  ],
                }}
              />
              <Table caption={t('reports.daily')}>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.date')}</th>
                    <th scope="col" class="num">
                      {t('reports.purchases')}
                    </th>
                    <th scope="col" class="num">
                      {t('reports.spend')}
                    </th>
                    <th scope="col" class="num">
                      {t('dashboard.issued')}
                    </th>
                    <th scope="col" class="num">
                      {t('dashboard.redeemed')}
                    </th>
                    <th scope="col" class="num">
                      {t('dashboard.expired')}
                    </th>
                    <th scope="col" class="num">
                      {t('reports.reversed')}
                    </th>
                    <th scope="col" class="num">
                      {t('reports.adjusted')}
                    </th>
                    <th scope="col" class="num">
                      {t('dashboard.newMembers')}
                    </th>
                    <th scope="col" class="num">
                      {t('reports.redemptions')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((row) => (
                    <tr key={row.date}>
                      <td>{fmtDate(row.date)}</td>
                      <td class="num">{fmtInt(row.purchases)}</td>
                      <td class="num">{fmtMoney(row.spend.amount, row.spend.currency)}</td>
                      <td class="num">{fmtInt(row.points.issued)}</td>
                      <td class="num">{fmtInt(row.points.redeemed)}</td>
                      <td class="num">{fmtInt(row.points.expired)}</td>
                      <td class="num">{fmtInt(row.points.reversed)}</td>
                      <td class="num">{fmtInt(row.points.adjusted)}</td>
                      <td class="num">{fmtInt(row.members.new)}</td>
                      <td class="num">{fmtInt(row.redemptions)}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </>
          )
        }
      </Async>
    </Section>
  );
}

function Settlement() {
  const [period, setPeriod] = useState(() => dateIn(Date.now()).slice(0, 7));
  const [shown, setShown] = useState(period);
  const report = useAsync(
    () => call(api().GET('/v1/reports/settlement', { params: { query: { period: shown } } })),
    [shown],
  );
  return (
    <Section
      title={t('reports.settlement')}
      id="settlement"
      actions={
        <CsvButton
          label={t('reports.csv')}
          run={() =>
            downloadCsv(
              api().GET('/v1/reports/settlement', {
                params: { query: { period: shown } },
                headers: csv,
                parseAs: 'text',
              }),
              `settlement-${shown}.csv`,
            )
          }
        />
      }
    >
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          setShown(period);
        }}
      >
        <Field id="settlement-period" label={t('reports.period')}>
          <input
            {...describedBy('settlement-period')}
            type="month"
            value={period}
            onChange={(e) => setPeriod(e.currentTarget.value)}
          />
        </Field>
        <button type="submit">{t('reports.show')}</button>
      </form>
      <Async state={report} what={t('dashboard.settlementWhat')}>
        {(data) =>
          data.partners.length === 0 ? (
            <Empty />
          ) : (
            <Table caption={t('reports.settlement')}>
              <thead>
                <tr>
                  <th scope="col">{t('partners.id')}</th>
                  <th scope="col" class="num">
                    {t('dashboard.issued')}
                  </th>
                  <th scope="col" class="num">
                    {t('reports.value')}
                  </th>
                  <th scope="col" class="num">
                    {t('dashboard.redeemed')}
                  </th>
                  <th scope="col" class="num">
                    {t('reports.value')}
                  </th>
                  <th scope="col" class="num">
                    {t('reports.net')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.partners.map((row) => (
                  <tr key={row.partnerId}>
                    <td>{row.partnerId}</td>
                    <td class="num">{fmtInt(row.issued.points)}</td>
                    <td class="num">{fmtMoney(row.issued.value.amount, row.issued.value.currency)}</td>
                    <td class="num">{fmtInt(row.redeemed.points)}</td>
                    <td class="num">{fmtMoney(row.redeemed.value.amount, row.redeemed.value.currency)}</td>
                    <td class="num">{fmtMoney(row.net.amount, row.net.currency)}</td>
                  </tr>
                ))}
                {/* The programme's clearing lines: with the partners' nets they sum to zero. */}
                {data.clearing.map((row) => (
                  <tr key={`clearing-${row.line}`}>
                    <td>({row.line})</td>
                    <td class="num">{fmtInt(row.issued.points)}</td>
                    <td class="num">{fmtMoney(row.issued.value.amount, row.issued.value.currency)}</td>
                    <td class="num">{fmtInt(row.redeemed.points)}</td>
                    <td class="num">{fmtMoney(row.redeemed.value.amount, row.redeemed.value.currency)}</td>
                    <td class="num">{fmtMoney(row.net.amount, row.net.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )
        }
      </Async>
    </Section>
  );
}

function Segments() {
  const report = useAsync(() => call(api().GET('/v1/reports/segments')), []);
  return (
    <Section
      title={t('reports.segments')}
      id="segments"
      actions={
        <CsvButton
          label={t('reports.csv')}
          run={() =>
            downloadCsv(api().GET('/v1/reports/segments', { headers: csv, parseAs: 'text' }), 'segments.csv')
          }
        />
      }
    >
      <Async state={report} what={t('reports.segmentsWhat')}>
        {(data) => {
          const segments = Object.entries(data.segments);
          return segments.length === 0 ? (
            <Empty />
          ) : (
            <>
              <p class="muted">{t('reports.asOf', { at: fmtDateTime(data.asOf) })}</p>
              <Chart
                label={t('reports.segments')}
                spec={{
                  kind: 'bar',
                  horizontal: true,
                  categories: segments.map(([name]) => name),
                  series: [{ name: t('dashboard.members'), values: segments.map(([, count]) => count) }],
                }}
              />
              <Table caption={t('reports.segments')}>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.segment')}</th>
                    <th scope="col" class="num">
                      {t('dashboard.members')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {segments.map(([name, count]) => (
                    <tr key={name}>
                      <td>{name}</td>
                      <td class="num">{fmtInt(count)}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </>
          );
        }}
      </Async>
    </Section>
  );
}
