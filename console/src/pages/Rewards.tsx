/** The reward catalogue with stock; admins create and edit rewards (PUT /v1/rewards/{rewardId}). */
import { useState } from 'preact/hooks';
import { api, call } from '../api/client';
import type { BodyOf, ResultOf } from '../api/paths';
import type { PageProps } from '../app';
import {
  Async,
  describedBy,
  Empty,
  errorsAt,
  Field,
  PageTitle,
  ProblemBox,
  Section,
  Table,
  useAction,
  useAsync,
} from '../components/ui';
import { fmtInt, fmtMoney } from '../format';
import { t } from '../i18n';
import { can } from '../session';

type Reward = ResultOf<'listRewards'>['items'][number];
type RewardBody = BodyOf<'putReward'>;
type Kind = RewardBody['kind'];
const kinds: readonly Kind[] = ['coupon', 'item', 'service'];

interface Draft {
  rewardId: string;
  name: string;
  pointsCost: string;
  kind: Kind;
  stock: string;
  minTier: string;
  couponValue: string;
  couponDays: string;
}

const emptyDraft: Draft = {
  rewardId: '',
  name: '',
  pointsCost: '',
  kind: 'item',
  stock: '',
  minTier: '',
  couponValue: '',
  couponDays: '90',
};

function draftOf(reward: Reward): Draft {
  return {
    ...emptyDraft,
    rewardId: reward.rewardId,
    name: reward.name,
    pointsCost: String(reward.pointsCost),
    kind: reward.kind as Kind,
    stock: reward.stock === null ? '' : String(reward.stock),
    minTier: reward.minTier ?? '',
  };
}

function bodyOf(draft: Draft): RewardBody {
  return {
    name: draft.name,
    pointsCost: Number(draft.pointsCost),
    kind: draft.kind,
    stock: draft.stock.trim() === '' ? null : Number(draft.stock),
    minTier: draft.minTier.trim() === '' ? null : draft.minTier.trim(),
    ...(draft.kind === 'coupon' && draft.couponValue.trim() !== ''
      ? {
          coupon: { value: Math.round(Number(draft.couponValue) * 100), validDays: Number(draft.couponDays) },
        }
      : {}),
  };
}

export function RewardsPage({ me }: PageProps) {
  const rewards = useAsync(() => call(api().GET('/v1/rewards')), []);
  const [editing, setEditing] = useState<{ draft: Draft; isNew: boolean } | null>(null);
  const admin = can(me, 'admin');
  return (
    <>
      <PageTitle title={t('nav.rewards')}>
        {admin ? (
          <button
            type="button"
            class="primary"
            onClick={() => setEditing({ draft: emptyDraft, isNew: true })}
          >
            {t('rewards.new')}
          </button>
        ) : null}
      </PageTitle>
      {editing ? (
        <RewardForm
          key={editing.draft.rewardId || 'new'}
          initial={editing.draft}
          isNew={editing.isNew}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            rewards.reload();
          }}
        />
      ) : null}
      <Section title={t('rewards.catalogue')} id="catalogue">
        <Async state={rewards}>
          {(catalogue) =>
            catalogue.items.length === 0 ? (
              <Empty />
            ) : (
              <Table caption={t('rewards.catalogue')}>
                <thead>
                  <tr>
                    <th scope="col">{t('rewards.id')}</th>
                    <th scope="col">{t('rewards.name')}</th>
                    <th scope="col">{t('rewards.kind')}</th>
                    <th scope="col" class="num">
                      {t('rewards.cost')}
                    </th>
                    <th scope="col" class="num">
                      {t('rewards.stock')}
                    </th>
                    <th scope="col">{t('rewards.minTier')}</th>
                    {admin ? <th scope="col">{t('common.actions')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {catalogue.items.map((reward) => (
                    <tr key={reward.rewardId}>
                      <td>
                        <code>{reward.rewardId}</code>
                      </td>
                      <td>{reward.name}</td>
                      <td>{t(`rewards.kind.${reward.kind as Kind}`)}</td>
                      <td class="num">{fmtInt(reward.pointsCost)}</td>
                      <td class="num">
                        {reward.stock === null ? t('rewards.unlimited') : fmtInt(reward.stock)}
                      </td>
                      <td>{reward.minTier ?? '—'}</td>
                      {admin ? (
                        <td>
                          <button
                            type="button"
                            onClick={() => setEditing({ draft: draftOf(reward), isNew: false })}
                          >
                            {t('common.edit')}
                            <span class="visually-hidden"> {reward.rewardId}</span>
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </Table>
            )
          }
        </Async>
      </Section>
    </>
  );
}

function RewardForm({
  initial,
  isNew,
  onClose,
  onSaved,
}: {
  initial: Draft;
  isNew: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const set = (field: keyof Draft) => (event: { currentTarget: { value: string } }) =>
    setDraft((previous) => ({ ...previous, [field]: event.currentTarget.value }));
  const save = useAction(async () => {
    const rewardId = draft.rewardId.trim();
    const result = await call(
      api().PUT('/v1/rewards/{rewardId}', { params: { path: { rewardId } }, body: bodyOf(draft) }),
    );
    onSaved();
    return result;
  });
  const errors = save.error?.errors;
  const field = (
    name: keyof Draft,
    path: string,
    labelText: string,
    input: preact.JSX.Element,
    hint?: string,
  ) => (
    <Field id={`reward-${name}`} label={labelText} errors={errorsAt(errors, path)} hint={hint}>
      {input}
    </Field>
  );
  return (
    <Section title={isNew ? t('rewards.new') : t('rewards.edit', { id: initial.rewardId })} id="reward-form">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save.go();
        }}
      >
        <div class="form-grid">
          {field(
            'rewardId',
            'rewardId',
            t('rewards.id'),
            <input
              {...describedBy('reward-rewardId', errorsAt(errors, 'rewardId'))}
              value={draft.rewardId}
              readOnly={!isNew}
              required
              pattern="[A-Za-z0-9_\-]{1,64}"
              onInput={set('rewardId')}
            />,
          )}
          {field(
            'name',
            'name',
            t('rewards.name'),
            <input
              {...describedBy('reward-name', errorsAt(errors, 'name'))}
              value={draft.name}
              required
              onInput={set('name')}
            />,
          )}
          {field(
            'pointsCost',
            'pointsCost',
            t('rewards.cost'),
            <input
              {...describedBy('reward-pointsCost', errorsAt(errors, 'pointsCost'))}
              type="number"
              min={1}
              step={1}
              value={draft.pointsCost}
              required
              onInput={set('pointsCost')}
            />,
          )}
          {field(
            'kind',
            'kind',
            t('rewards.kind'),
            <select
              {...describedBy('reward-kind', errorsAt(errors, 'kind'))}
              value={draft.kind}
              onChange={set('kind')}
            >
              {kinds.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`rewards.kind.${kind}`)}
                </option>
              ))}
            </select>,
          )}
          {field(
            'stock',
            'stock',
            t('rewards.stock'),
            <input
              {...describedBy('reward-stock', errorsAt(errors, 'stock'), true)}
              type="number"
              min={0}
              step={1}
              value={draft.stock}
              onInput={set('stock')}
            />,
            t('rewards.stockHint'),
          )}
          {field(
            'minTier',
            'minTier',
            t('rewards.minTier'),
            <input
              {...describedBy('reward-minTier', errorsAt(errors, 'minTier'))}
              value={draft.minTier}
              onInput={set('minTier')}
            />,
          )}
          {draft.kind === 'coupon' ? (
            <>
              {field(
                'couponValue',
                'coupon.value',
                t('rewards.couponValue'),
                <input
                  {...describedBy('reward-couponValue', errorsAt(errors, 'coupon.value'))}
                  type="number"
                  min={0.01}
                  step={0.01}
                  value={draft.couponValue}
                  onInput={set('couponValue')}
                />,
              )}
              {field(
                'couponDays',
                'coupon.validDays',
                t('rewards.couponDays'),
                <input
                  {...describedBy('reward-couponDays', errorsAt(errors, 'coupon.validDays'))}
                  type="number"
                  min={1}
                  step={1}
                  value={draft.couponDays}
                  onInput={set('couponDays')}
                />,
              )}
            </>
          ) : null}
        </div>
        {!isNew && draft.kind === 'coupon' ? <p class="note">{t('rewards.couponNote')}</p> : null}
        <div class="buttons">
          <button type="submit" class="primary" disabled={save.running}>
            {t('common.save')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
        {save.error ? <ProblemBox problem={save.error} /> : null}
        {save.result ? (
          <p class="success" role="status">
            {t('rewards.saved', { id: save.result.rewardId })}
          </p>
        ) : null}
        {draft.kind === 'coupon' && draft.couponValue ? (
          <p class="muted">{fmtMoney(Math.round(Number(draft.couponValue) * 100))}</p>
        ) : null}
      </form>
    </Section>
  );
}
