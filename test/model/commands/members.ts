/** Members: enrolment (and the oracle), profile changes (the birthday guard), partner-blind reads, imports, the clock. */
import { call } from '../../functions/harness.js';
import { expiryOf, type ModelMember, programMonth } from '../programmeModel.js';
import { advanceTo, fail, type Run } from '../run.js';
import { expectStatus, iso, type Json, nextId, partnerOf, pick, Step } from './step.js';

const birthdayOf = (month: number) => `1990-${String(month).padStart(2, '0')}-15`;

/** Enrols a member at partner A or B, maybe referred by an earlier member, maybe with a birthday. */
export class Enrol extends Step {
  constructor(
    readonly partner: 'a' | 'b',
    readonly referrer: number | null,
    readonly birthdayMonth: number | null,
  ) {
    super();
  }
  describe() {
    return `Enrol(${this.partner}, referrer ${this.referrer}, birthday month ${this.birthdayMonth})`;
  }
  override check(run: Readonly<Run>) {
    return run.memberIds.length < 6;
  }
  async act(run: Run) {
    const memberId = nextId(run, 'm');
    const referrerId = this.referrer === null ? null : (pick(run.memberIds, this.referrer) ?? null);
    const birthday = this.birthdayMonth === null ? null : birthdayOf(this.birthdayMonth);
    const key = partnerOf(run, this.partner);
    const body = { memberId, ...(referrerId ? { referrerId } : {}), ...(birthday ? { birthday } : {}) };
    const answer = await run.real.enrol(key, body);
    expectStatus(run, `enrol ${memberId}`, answer.status, 201, answer.body);
    run.model.enrol(memberId, key.partnerId, referrerId, birthday);
    run.memberIds.push(memberId);
    run.enrolments.set(memberId, body);
  }
}

/** 6.1, no enrolment oracle: an existing member is 409 to everyone but its own partner repeating itself. */
export class EnrolAgain extends Step {
  constructor(
    readonly member: number,
    readonly partner: 'a' | 'b',
    readonly sameBody: boolean,
  ) {
    super();
  }
  describe() {
    return `EnrolAgain(member ${this.member}, by ${this.partner}, ${this.sameBody ? 'same' : 'other'} body)`;
  }
  override check(run: Readonly<Run>) {
    return [...run.enrolments.keys()].length > 0;
  }
  async act(run: Run) {
    const memberId = pick([...run.enrolments.keys()], this.member)!;
    const first = run.enrolments.get(memberId)!;
    const key = partnerOf(run, this.partner);
    const body = this.sameBody ? first : { ...first, name: 'Someone Else' };
    const answer = await run.real.enrol(key, body);
    const own = run.model.members.get(memberId)!.enrolledBy === key.partnerId;
    const expected = own && this.sameBody ? 200 : 409;
    expectStatus(run, `enrolling ${memberId} again`, answer.status, expected, answer.body);
  }
}

/** Sets or changes a birthday: a till may set one; once set only members:identity (the operator) may change it. */
export class ChangeBirthday extends Step {
  constructor(
    readonly member: number,
    readonly by: 'a' | 'b' | 'operator',
    readonly month: number,
  ) {
    super();
  }
  describe() {
    return `ChangeBirthday(member ${this.member}, by ${this.by}, month ${this.month})`;
  }
  override check(run: Readonly<Run>) {
    return run.memberIds.length > 0;
  }
  async act(run: Run) {
    const member = run.model.members.get(pick(run.memberIds, this.member)!)!;
    const key = this.by === 'operator' ? run.real.partners.operator.key : partnerOf(run, this.by).key;
    const birthday = birthdayOf(this.month);
    const answer = await call('PATCH', `/v1/members/${member.memberId}`, { key, body: { birthday } });
    const allowed = this.by === 'operator' || member.birthday === null || member.birthday === birthday;
    if (allowed) {
      expectStatus(run, `birthday of ${member.memberId}`, answer.status, 200, answer.body);
      member.birthday = birthday;
    } else {
      expectStatus(
        run,
        `a till changing the set birthday of ${member.memberId}`,
        answer.status,
        403,
        answer.body,
      );
    }
  }
}

/** Entry fields another partner may see (6.1). */
const blindFields = new Set(['transactionId', 'type', 'points', 'createdAt', 'occurredAt', 'partner']);

/** 6.1: a member's history through the other partner's key shows none of this partner's operation details. */
export class ReadAsOther extends Step {
  constructor(
    readonly member: number,
    readonly reader: 'a' | 'b',
  ) {
    super();
  }
  describe() {
    return `ReadAsOther(member ${this.member}, through ${this.reader})`;
  }
  override check(run: Readonly<Run>) {
    return run.memberIds.length > 0;
  }
  async act(run: Run) {
    const member = run.model.members.get(pick(run.memberIds, this.member)!)!;
    const reader = partnerOf(run, this.reader);
    const entries = await run.real.transactions(reader.key, member.memberId);
    for (const entry of entries) {
      if (entry.partner === 'other') {
        const extra = Object.keys(entry).filter((field) => !blindFields.has(field));
        if (extra.length > 0)
          fail(run, `another partner's entry shows ${extra.join(', ')}: ${JSON.stringify(entry)}`);
        continue;
      }
      const named = String(entry.reference ?? '')
        .split(/[:/]/)
        .map((part) => run.owners.get(part))
        .find((owner) => owner !== undefined);
      if (named !== undefined && named !== reader.partnerId) {
        fail(
          run,
          `${reader.partnerId} sees the details of another partner's operation: ${JSON.stringify(entry)}`,
        );
      }
    }
    // CONTRACT §2: another partner's purchases and redemptions are 404 to the reader.
    for (const [id, owner] of run.owners) {
      if (owner === reader.partnerId || !(run.model.purchases.has(id) || run.model.redemptions.has(id)))
        continue;
      const path = run.model.purchases.has(id) ? `/v1/purchases/${id}` : `/v1/redemptions/${id}`;
      const read = await call('GET', path, { key: reader.key });
      if (read.status !== 404)
        fail(run, `${reader.partnerId} reads another partner's ${path}: ${read.status}`);
    }
  }
}

/** The operator imports a member with spend and an opening balance (6.1: optional `row`; they have bought). */
export class Import extends Step {
  constructor(
    readonly spendFen: number,
    readonly points: number,
    readonly daysAgo: number,
  ) {
    super();
  }
  describe() {
    return `Import(spend ${this.spendFen} fen, ${this.points} points earned ${this.daysAgo} days ago)`;
  }
  override check(run: Readonly<Run>) {
    return run.memberIds.length < 6;
  }
  async act(run: Run) {
    const { model } = run;
    const key = run.real.partners.operator.key;
    const importId = nextId(run, 'imp');
    const memberId = nextId(run, 'im');
    const earnedAtMs = model.nowMs - this.daysAgo * 86_400_000;
    expectStatus(
      run,
      'import',
      (await call('POST', '/v1/admin/imports', { key, body: { importId } })).status,
      201,
      null,
    );
    const row: Json = {
      memberId,
      enrolledAt: iso(earnedAtMs - 86_400_000),
      ...(this.spendFen > 0 ? { qualifyingSpend: this.spendFen } : {}),
      ...(this.points > 0 ? { balances: [{ points: this.points, earnedAt: iso(earnedAtMs) }] } : {}),
    };
    // 6.1: a row's `row` number is optional.
    const rows = await call<Json>('POST', `/v1/admin/imports/${importId}/rows`, {
      key,
      body: { rows: [row] },
    });
    expectStatus(run, `import rows of ${importId}`, rows.status, 202, rows.body);
    if (rows.body.imported !== 1) fail(run, `import ${importId} imported ${JSON.stringify(rows.body)}`);
    expectStatus(
      run,
      'import complete',
      (await call('POST', `/v1/admin/imports/${importId}/complete`, { key })).status,
      200,
      null,
    );
    const member: ModelMember = model.enrol(memberId, 'operator', null, null);
    member.lots = [];
    if (this.points > 0) member.lots.push({ expiresAtMs: expiryOf(earnedAtMs), points: this.points });
    // A trailing-12-month figure: spread over the 12 months ending now (the remainder in this one).
    const now = programMonth(model.nowMs);
    const nowIndex = Number(now.slice(0, 4)) * 12 + Number(now.slice(5, 7)) - 1;
    const months = Array.from({ length: 12 }, (_, i) => {
      const index = nowIndex - 11 + i;
      return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    });
    const each = Math.floor(this.spendFen / 12);
    months.forEach((month, i) => {
      const fen = each + (i === 11 ? this.spendFen - each * 12 : 0);
      if (fen > 0) member.spend.set(month, fen);
    });
    const bought = this.spendFen > 0 || this.points > 0;
    // 6.1: an imported member with spend or balances has bought; first-purchase rules do not pay them.
    if (bought) member.purchasesCounted = 1;
    run.memberIds.push(memberId);
  }
}

/** Moves the business clock on: minutes (holds), days (the return window), weeks (months, reviews). */
export class Advance extends Step {
  constructor(readonly minutes: number) {
    super();
  }
  describe() {
    return `Advance(${this.minutes} min)`;
  }
  async act(run: Run) {
    advanceTo(run, run.model.nowMs + this.minutes * 60_000);
    // Holds not captured in time are voided by themselves: the release-holds schedule runs every minute.
    const expired = [...run.model.members.values()].some((member) =>
      [...member.holds.values()].some((hold) => hold.expiresAtMs <= run.model.nowMs),
    );
    if (expired) await run.jobs.run('release-holds');
  }
}

/**
 * The operator erases a member: personal data goes, the anonymous ledger stays (ledger-check still
 * ok); later reads and writes for the member are 404 (a purchase is at most accepted, then
 * rejected). The member leaves the run's picks; as a referrer it stays in the model.
 */
export class Erase extends Step {
  constructor(readonly member: number) {
    super();
  }
  describe() {
    return `Erase(member ${this.member})`;
  }
  /** Members no one refers to (a referrer's reads stay in other checks). */
  private erasable(run: Readonly<Run>) {
    const referrers = new Set([...run.model.members.values()].map((member) => member.referrerId));
    return run.memberIds.filter((id) => !referrers.has(id));
  }
  override check(run: Readonly<Run>) {
    return this.erasable(run).length > 0;
  }
  async act(run: Run) {
    const memberId = pick(this.erasable(run), this.member)!;
    const key = run.real.partners.operator.key;
    const erased = await call('DELETE', `/v1/members/${memberId}`, { key });
    expectStatus(run, `erasing ${memberId}`, erased.status, 204, erased.body);
    run.memberIds.splice(run.memberIds.indexOf(memberId), 1);
    run.enrolments.delete(memberId);
    run.erased.add(memberId);
    run.model.members.get(memberId)!.birthday = null;
    // Its purchases, redemptions and pending adjustments leave the picks too.
    const theirs = (id: string) =>
      (run.model.purchases.get(id) ?? run.model.redemptions.get(id))?.memberId === memberId;
    for (const list of [run.purchaseIds, run.redemptionIds]) {
      for (let i = list.length - 1; i >= 0; i--) if (theirs(list[i]!)) list.splice(i, 1);
    }
    for (const [id, adjustment] of run.model.pendingAdjustments) {
      if (adjustment.memberId === memberId) run.model.pendingAdjustments.delete(id);
    }
    // A read shows the anonymous account (or nothing): no personal data.
    const read = await call('GET', `/v1/members/${memberId}`, { key: run.real.partners.a.key });
    const anonymous = read.status === 404 || (read.status === 200 && read.body.status === 'erased');
    const personal = ['name', 'email', 'phone', 'birthday'].filter(
      (field) => (read.body[field] ?? null) !== null,
    );
    if (!anonymous || personal.length > 0)
      fail(run, `reading erased ${memberId}: ${read.status} ${JSON.stringify(read.body)}`);
    const adjusted = await call('POST', `/v1/members/${memberId}/adjustments`, {
      key: run.real.partners.desk.key,
      body: { adjustmentId: nextId(run, 'adj'), points: 10, reason: 'goodwill' },
    });
    expectStatus(run, `adjusting erased ${memberId}`, adjusted.status, 404, adjusted.body);
    const purchaseId = nextId(run, 'p');
    const { accepted, read: purchase } = await run.real.purchase(run.real.partners.a, {
      purchaseId,
      memberId,
      storeId: 'sA2',
      occurredAt: iso(run.model.nowMs),
      currency: 'CNY',
      amount: 10_000,
    });
    if (accepted.status !== 404 && purchase?.body.status !== 'rejected') {
      fail(
        run,
        `a purchase for erased ${memberId}: ${accepted.status}, then ${JSON.stringify(purchase?.body)}`,
      );
    }
  }
}
