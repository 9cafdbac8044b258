/**
 * The programme: the version in force, a draft edited as a form (or as JSON) with the API's
 * validation errors shown at their fields, a basket simulated against the draft, and publishing.
 * The form is drawn from the programme's own data, so new rules (issue 11) get fields too.
 */
import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { api, call, type FieldError } from '../api/client';
import type { SimulateResult } from '../api/named';
import type { PageProps } from '../app';
import {
  Async,
  ConfirmButton,
  describedBy,
  errorsAt,
  Field,
  PageTitle,
  ProblemBox,
  Section,
  Table,
  useAction,
  useAsync,
} from '../components/ui';
import { fmtDateTime, fmtInt, fmtMoney, fmtSigned, instantOf, localValueOf, setTimeZone } from '../format';
import { currentLanguage, t } from '../i18n';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const draftKey = 'jifen.console.programmeDraft';

function loadDraft(): { baseVersion: number; program: JsonObject } | null {
  try {
    const raw = window.localStorage.getItem(draftKey);
    return raw ? (JSON.parse(raw) as { baseVersion: number; program: JsonObject }) : null;
  } catch {
    return null;
  }
}

function saveDraft(draft: { baseVersion: number; program: JsonObject } | null) {
  try {
    if (draft) window.localStorage.setItem(draftKey, JSON.stringify(draft));
    else window.localStorage.removeItem(draftKey);
  } catch {
    // The draft lives as long as the page.
  }
}

/** A draft from a version: no version number (the API gives the next) and no effective time (default: now). */
function draftFrom(program: JsonObject): JsonObject {
  const { version: _version, effectiveFromMs: _from, ...rest } = program;
  return structuredClone(rest);
}

function setIn(root: Json, path: (string | number)[], value: Json | undefined): Json {
  if (path.length === 0) return value ?? null;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    if (value === undefined && rest.length === 0) copy.splice(head as number, 1);
    else copy[head as number] = setIn(copy[head as number] ?? null, rest, value);
    return copy;
  }
  const copy: JsonObject = { ...((root as JsonObject) ?? {}) };
  if (value === undefined && rest.length === 0) delete copy[head as string];
  else copy[head as string] = setIn(copy[head as string] ?? null, rest, value);
  return copy;
}

const zhLabels: Record<string, string> = {
  name: '名称',
  timeZone: '时区',
  currency: '币种',
  tiers: '会员等级',
  code: '代码',
  thresholdFen: '门槛（分）',
  earnPermille: '积分倍率（‰）',
  discountRate: '折扣率',
  earning: '积分规则',
  pointsPerYuan: '每元积分',
  dailyCapFen: '每日上限（分）',
  thresholdBonus: '满额奖励',
  minAmountFen: '最低金额（分）',
  points: '积分',
  birthdayMultiplierPermille: '生日倍率（‰）',
  campaigns: '活动',
  campaignId: '活动编号',
  fromMs: '开始时间',
  toMs: '结束时间',
  multiplierPermille: '倍率（‰）',
  storeIds: '门店（合作方编号/门店编号）',
  stores: '门店',
  requireRegistered: '仅限已登记门店',
  pendingDays: '待生效天数',
  claimWindowDays: '补录期限（天）',
  bonuses: '奖励',
  enrolment: '入会',
  referral: '推荐',
  activities: '互动',
  sign_in: '签到',
  review: '评价',
  share: '分享',
  survey: '问卷',
  perDay: '每日次数',
  expiry: '过期规则',
  kind: '类型',
  yearsAfter: '几年后',
  months: '月数',
  payments: '积分抵现',
  minPoints: '最少积分',
  holdMinutes: '预留分钟',
  requireMemberCode: '需要会员码',
  adjustments: '积分调整',
  approvalAbovePoints: '超过此积分需审批',
  tierReview: '等级复核',
  stepDown: '降级级数',
  inactivityMonths: '不活跃月数',
  reminders: '提醒',
  daysBefore: '提前天数',
  effectiveFromMs: '生效时间',
};

function labelOf(key: string): string {
  if (currentLanguage() === 'zh-CN' && zhLabels[key]) return zhLabels[key];
  const words = key
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const fieldId = (path: string) => `prog-${path}`;

/** The programme's sections in a reading order (stored versions keep no key order); others after them. */
const sectionOrder = [
  'name',
  'timeZone',
  'currency',
  'tiers',
  'earning',
  'bonuses',
  'activities',
  'expiry',
  'payments',
  'adjustments',
  'tierReview',
  'reminders',
];

function orderedEntries(program: JsonObject): [string, Json][] {
  const rank = (key: string) => {
    const index = sectionOrder.indexOf(key);
    return index === -1 ? sectionOrder.length : index;
  };
  return Object.entries(program).sort(([a], [b]) => rank(a) - rank(b));
}

interface FieldProps {
  path: (string | number)[];
  name: string;
  value: Json;
  errors: FieldError[] | undefined;
  onChange: (path: (string | number)[], value: Json | undefined) => void;
}

/** One value of the programme: a fieldset for objects and lists, a control for the rest. */
function JsonField({ path, name, value, errors, onChange }: FieldProps): JSX.Element {
  const dotted = path.join('.');
  const id = fieldId(dotted);
  const here = errorsAt(errors, dotted);
  if (
    Array.isArray(value) &&
    value.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))
  ) {
    return (
      <fieldset
        class={`json-group${here.length > 0 ? ' invalid' : ''}`}
        id={id}
        aria-describedby={here.length > 0 ? `${id}-error` : undefined}
      >
        <legend>{name}</legend>
        {here.length > 0 ? (
          <p class="field-error" id={`${id}-error`} role="alert">
            {here.join(' ')}
          </p>
        ) : null}
        {value.map((item, index) => (
          <div class="json-item" key={`${dotted}.${index}`}>
            <JsonField
              path={[...path, index]}
              name={`${name} ${index + 1}`}
              value={item}
              errors={errors}
              onChange={onChange}
            />
            <button type="button" class="small" onClick={() => onChange([...path, index], undefined)}>
              {t('programme.remove', { what: `${name} ${index + 1}` })}
            </button>
          </div>
        ))}
        {value.length > 0 ? (
          <button
            type="button"
            class="small"
            onClick={() => onChange([...path, value.length], structuredClone(value[value.length - 1]!))}
          >
            {t('programme.add', { what: name })}
          </button>
        ) : (
          <p class="muted">{t('programme.emptyList')}</p>
        )}
      </fieldset>
    );
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return (
      <fieldset
        class={`json-group${here.length > 0 ? ' invalid' : ''}`}
        id={id}
        aria-describedby={here.length > 0 ? `${id}-error` : undefined}
      >
        <legend>{name}</legend>
        {here.length > 0 ? (
          <p class="field-error" id={`${id}-error`} role="alert">
            {here.join(' ')}
          </p>
        ) : null}
        <div class="form-grid">
          {Object.entries(value).map(([key, child]) => (
            <JsonField
              key={key}
              path={[...path, key]}
              name={labelOf(key)}
              value={child}
              errors={errors}
              onChange={onChange}
            />
          ))}
        </div>
      </fieldset>
    );
  }
  const hint = <code>{dotted}</code>;
  const key = String(path[path.length - 1]);
  if (typeof value === 'boolean') {
    return (
      <Field id={id} label={name} errors={here} hint={hint}>
        <input
          {...describedBy(id, here, true)}
          type="checkbox"
          checked={value}
          onChange={(e) => onChange(path, e.currentTarget.checked)}
        />
      </Field>
    );
  }
  if (/Ms$/.test(key) && typeof value === 'number') {
    return (
      <Field id={id} label={name} errors={here} hint={hint}>
        <input
          {...describedBy(id, here, true)}
          type="datetime-local"
          value={localValueOf(value)}
          onChange={(e) => {
            const text = e.currentTarget.value;
            onChange(path, text ? Date.parse(instantOf(text)) : null);
          }}
        />
      </Field>
    );
  }
  if (Array.isArray(value)) {
    return (
      <Field id={id} label={name} errors={here} hint={t('programme.listHint')}>
        <input
          {...describedBy(id, here, true)}
          value={value.join(', ')}
          onChange={(e) =>
            onChange(
              path,
              e.currentTarget.value
                .split(',')
                .map((part) => part.trim())
                .filter(Boolean),
            )
          }
        />
      </Field>
    );
  }
  if (typeof value === 'number') {
    return (
      <Field id={id} label={name} errors={here} hint={hint}>
        <input
          {...describedBy(id, here, true)}
          type="text"
          inputMode="decimal"
          value={String(value)}
          onChange={(e) => {
            const text = e.currentTarget.value.trim();
            const number = Number(text);
            // Not a number: sent as it is, so the API names the field.
            onChange(path, text !== '' && Number.isFinite(number) ? number : text === '' ? null : text);
          }}
        />
      </Field>
    );
  }
  return (
    <Field id={id} label={name} errors={here} hint={hint}>
      <input
        {...describedBy(id, here, true)}
        value={value === null ? '' : String(value)}
        onChange={(e) => onChange(path, e.currentTarget.value)}
      />
    </Field>
  );
}

export function ProgrammePage(_: PageProps) {
  const current = useAsync(async () => {
    const program = (await call(api().GET('/v1/program'))) as JsonObject;
    if (typeof program.timeZone === 'string') setTimeZone(program.timeZone);
    return program;
  }, []);
  return (
    <>
      <PageTitle title={t('nav.programme')} />
      <Async state={current}>
        {(program) => <Programme current={program} onPublished={current.reload} />}
      </Async>
    </>
  );
}

function Programme({ current, onPublished }: { current: JsonObject; onPublished: () => void }) {
  const version = Number(current.version);
  const [draft, setDraftState] = useState<JsonObject | null>(() => loadDraft()?.program ?? null);
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[] | undefined>();

  const setDraft = (next: JsonObject | null) => {
    setDraftState(next);
    saveDraft(next ? { baseVersion: version, program: next } : null);
  };
  const startDraft = () => {
    setDraft(draftFrom(current));
    setErrors(undefined);
  };
  const change = (path: (string | number)[], value: Json | undefined) => {
    if (draft) setDraft(setIn(draft, path, value) as JsonObject);
  };

  const body = (): JsonObject | null => {
    if (!draft) return null;
    if (mode === 'json') {
      try {
        const parsed = JSON.parse(jsonText) as JsonObject;
        setJsonError(null);
        setDraft(parsed);
        return {
          ...parsed,
          ...(effectiveFrom ? { effectiveFromMs: Date.parse(instantOf(effectiveFrom)) } : {}),
        };
      } catch (error) {
        setJsonError(error instanceof Error ? error.message : String(error));
        return null;
      }
    }
    return { ...draft, ...(effectiveFrom ? { effectiveFromMs: Date.parse(instantOf(effectiveFrom)) } : {}) };
  };

  const publish = useAction(async () => {
    const program = body();
    if (!program) throw new Error(t('programme.jsonInvalid'));
    setErrors(undefined);
    try {
      const published = (await call(api().PUT('/v1/program', { body: program }))) as JsonObject;
      setDraft(null);
      setEffectiveFrom('');
      onPublished();
      return published;
    } catch (error) {
      const problem = (error as { problem?: { errors?: FieldError[] } }).problem;
      setErrors(problem?.errors);
      throw error;
    }
  });

  const errorList = errors ?? [];
  return (
    <>
      <Section title={t('programme.current')} id="current">
        <dl class="details">
          <dt>{t('programme.version')}</dt>
          <dd data-testid="program-version">{version}</dd>
          <dt>{t('programme.name')}</dt>
          <dd>{String(current.name ?? '')}</dd>
          <dt>{t('programme.effectiveFrom')}</dt>
          <dd>{fmtDateTime(new Date(Number(current.effectiveFromMs ?? 0)).toISOString())}</dd>
          <dt>{t('programme.timeZone')}</dt>
          <dd>{String(current.timeZone ?? '')}</dd>
        </dl>
        <p class="muted">{t('programme.scheduledNote')}</p>
        {publish.result ? (
          <p class="success" role="status" data-testid="published">
            {t('programme.published', {
              version: String(publish.result.version),
              from: fmtDateTime(new Date(Number(publish.result.effectiveFromMs)).toISOString()),
            })}
          </p>
        ) : null}
        {!draft ? (
          <button type="button" class="primary" onClick={startDraft}>
            {t('programme.startDraft')}
          </button>
        ) : null}
      </Section>
      {draft ? (
        <>
          <Section
            title={t('programme.draft')}
            id="draft"
            actions={
              <fieldset class="segmented">
                <legend class="visually-hidden">{t('programme.editAs')}</legend>
                {(['form', 'json'] as const).map((option) => (
                  <label key={option} class={mode === option ? 'active' : undefined}>
                    <input
                      type="radio"
                      name="draft-mode"
                      checked={mode === option}
                      onChange={() => {
                        if (option === 'json') setJsonText(JSON.stringify(draft, null, 2));
                        else {
                          try {
                            setDraft(JSON.parse(jsonText) as JsonObject);
                            setJsonError(null);
                          } catch (error) {
                            setJsonError(error instanceof Error ? error.message : String(error));
                            return;
                          }
                        }
                        setMode(option);
                      }}
                    />
                    {t(option === 'form' ? 'programme.asForm' : 'programme.asJson')}
                  </label>
                ))}
              </fieldset>
            }
          >
            <p class="muted">{t('programme.draftIntro', { version })}</p>
            {errorList.length > 0 ? (
              <div class="problem" role="alert" data-testid="draft-errors">
                <p class="problem-title">{t('programme.errors', { count: errorList.length })}</p>
                <ul class="problem-errors">
                  {errorList.map((error) => (
                    <li key={`${error.path}:${error.message}`}>
                      <a href={`#${fieldId(error.path)}`}>
                        <code>{error.path || '(body)'}</code>
                      </a>
                      : {error.message}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <Field
              id={fieldId('effectiveFromMs')}
              label={t('programme.effectiveFrom')}
              hint={t('programme.effectiveFromHint')}
              errors={errorsAt(errors, 'effectiveFromMs')}
            >
              <input
                {...describedBy(fieldId('effectiveFromMs'), errorsAt(errors, 'effectiveFromMs'), true)}
                type="datetime-local"
                value={effectiveFrom}
                onChange={(e) => setEffectiveFrom(e.currentTarget.value)}
              />
            </Field>
            {mode === 'form' ? (
              <div class="json-form">
                {orderedEntries(draft).map(([key, value]) => (
                  <JsonField
                    key={key}
                    path={[key]}
                    name={labelOf(key)}
                    value={value}
                    errors={errors}
                    onChange={change}
                  />
                ))}
              </div>
            ) : (
              <Field
                id="draft-json"
                label={t('programme.json')}
                errors={jsonError ? [jsonError] : undefined}
                wide
              >
                <textarea
                  {...describedBy('draft-json', jsonError ? [jsonError] : undefined)}
                  class="code"
                  rows={24}
                  spellcheck={false}
                  value={jsonText}
                  onInput={(e) => setJsonText(e.currentTarget.value)}
                />
              </Field>
            )}
            <div class="buttons">
              <ConfirmButton
                label={t('programme.publish')}
                confirmLabel={t('programme.publishConfirm')}
                onConfirm={() => void publish.go()}
                disabled={publish.running}
              />
              <ConfirmButton
                label={t('programme.discard')}
                confirmLabel={t('programme.discardConfirm')}
                danger
                onConfirm={() => {
                  setDraft(null);
                  setErrors(undefined);
                }}
              />
            </div>
            {publish.error ? <ProblemBox problem={publish.error} /> : null}
          </Section>
          <Simulator draft={draft} onDraftErrors={setErrors} />
        </>
      ) : null}
    </>
  );
}

/** Simulates against the draft; the draft's own errors (named under `draft.`) go to the draft's fields. */
function Simulator({
  draft,
  onDraftErrors,
}: {
  draft: JsonObject;
  onDraftErrors: (errors: FieldError[] | undefined) => void;
}) {
  const tiers = useMemo(
    () => (Array.isArray(draft.tiers) ? (draft.tiers as JsonObject[]).map((tier) => String(tier.code)) : []),
    [draft],
  );
  const [who, setWho] = useState<'tier' | 'member'>('tier');
  const [tier, setTier] = useState(tiers[0] ?? 'base');
  const [memberId, setMemberId] = useState('');
  const [storeId, setStoreId] = useState('store-1');
  const [occurredAt, setOccurredAt] = useState(() => localValueOf(Date.now()));
  const [amount, setAmount] = useState('256.80');
  const [items, setItems] = useState('');
  const simulate = useAction(async (): Promise<SimulateResult> => {
    const parsedItems = items
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [sku = '', category = '', quantity = '1', itemAmount = '0'] = line
          .split(',')
          .map((part) => part.trim());
        return {
          sku,
          ...(category ? { category } : {}),
          quantity: Number(quantity),
          amount: Math.round(Number(itemAmount) * 100),
        };
      });
    onDraftErrors(undefined);
    return call(
      api().POST('/v1/program/simulate', {
        body: {
          ...(who === 'tier' ? { tier } : { memberId }),
          purchase: {
            storeId,
            occurredAt: instantOf(occurredAt),
            currency: typeof draft.currency === 'string' ? draft.currency : 'CNY',
            amount: Math.round(Number(amount) * 100),
            ...(parsedItems.length > 0 ? { items: parsedItems } : {}),
          },
          draft,
        },
      }),
    ).catch((error: unknown) => {
      const errors = (error as { problem?: { errors?: FieldError[] } }).problem?.errors ?? [];
      const inDraft = errors
        .filter((e) => e.path.startsWith('draft.'))
        .map((e) => ({ ...e, path: e.path.slice('draft.'.length) }));
      if (inDraft.length > 0) onDraftErrors(inDraft);
      throw error;
    });
  });
  const errors = simulate.error?.errors;
  return (
    <Section title={t('programme.simulate')} id="simulate">
      <p class="muted">{t('programme.simulateIntro')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void simulate.go();
        }}
      >
        <div class="form-grid">
          <Field id="sim-who" label={t('programme.simulateFor')}>
            <select
              id="sim-who"
              value={who}
              onChange={(e) => setWho(e.currentTarget.value as 'tier' | 'member')}
            >
              <option value="tier">{t('common.tier')}</option>
              <option value="member">{t('approvals.member')}</option>
            </select>
          </Field>
          {who === 'tier' ? (
            <Field id="sim-tier" label={t('common.tier')} errors={errorsAt(errors, 'tier')}>
              <select
                {...describedBy('sim-tier', errorsAt(errors, 'tier'))}
                value={tier}
                onChange={(e) => setTier(e.currentTarget.value)}
              >
                {tiers.map((code) => (
                  <option key={code} value={code}>
                    {code}
                  </option>
                ))}
              </select>
            </Field>
          ) : (
            <Field id="sim-member" label={t('members.id')} errors={errorsAt(errors, 'memberId')}>
              <input
                {...describedBy('sim-member', errorsAt(errors, 'memberId'))}
                value={memberId}
                onInput={(e) => setMemberId(e.currentTarget.value)}
              />
            </Field>
          )}
          <Field id="sim-store" label={t('programme.store')} errors={errorsAt(errors, 'purchase.storeId')}>
            <input
              {...describedBy('sim-store', errorsAt(errors, 'purchase.storeId'))}
              value={storeId}
              onInput={(e) => setStoreId(e.currentTarget.value)}
            />
          </Field>
          <Field
            id="sim-at"
            label={t('programme.occurredAt')}
            errors={errorsAt(errors, 'purchase.occurredAt')}
          >
            <input
              {...describedBy('sim-at', errorsAt(errors, 'purchase.occurredAt'))}
              type="datetime-local"
              value={occurredAt}
              onChange={(e) => setOccurredAt(e.currentTarget.value)}
            />
          </Field>
          <Field id="sim-amount" label={t('programme.amount')} errors={errorsAt(errors, 'purchase.amount')}>
            <input
              {...describedBy('sim-amount', errorsAt(errors, 'purchase.amount'))}
              type="number"
              min={0}
              step={0.01}
              value={amount}
              onInput={(e) => setAmount(e.currentTarget.value)}
            />
          </Field>
          <Field
            id="sim-items"
            label={t('programme.items')}
            hint={t('programme.itemsHint')}
            errors={errorsAt(errors, 'purchase.items')}
            wide
          >
            <textarea
              {...describedBy('sim-items', errorsAt(errors, 'purchase.items'), true)}
              rows={3}
              value={items}
              onInput={(e) => setItems(e.currentTarget.value)}
            />
          </Field>
        </div>
        <button type="submit" class="primary" disabled={simulate.running}>
          {t('programme.simulateSubmit')}
        </button>
      </form>
      {simulate.error ? <ProblemBox problem={simulate.error} what={t('programme.simulateWhat')} /> : null}
      {simulate.result ? (
        <div class="result" role="status">
          <p>
            {t('programme.simulateResult', {
              points: fmtInt(simulate.result.points),
              spend: fmtMoney(
                simulate.result.qualifyingSpend.amount,
                simulate.result.qualifyingSpend.currency,
              ),
            })}
          </p>
          <Table caption={t('members.breakdown')}>
            <thead>
              <tr>
                <th scope="col">{t('programme.rule')}</th>
                <th scope="col" class="num">
                  {t('common.points')}
                </th>
              </tr>
            </thead>
            <tbody>
              {simulate.result.breakdown.map((line) => (
                <tr key={line.ruleId}>
                  <td>
                    {line.label} <small class="muted">{line.ruleId}</small>
                  </td>
                  <td class="num">{fmtSigned(line.points)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
    </Section>
  );
}
