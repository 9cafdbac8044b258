export const Scope = {
  membersRead: 'members:read',
  membersWrite: 'members:write',
  membersErase: 'members:erase',
  membersCodes: 'members:codes',
  /** Change a birthday once it is set (a fact that earns points). */
  membersIdentity: 'members:identity',
  piiRead: 'pii:read',
  pointsEarn: 'points:earn',
  pointsRedeem: 'points:redeem',
  pointsAdjust: 'points:adjust',
  admin: 'admin',
} as const;

export type Scope = (typeof Scope)[keyof typeof Scope];

export const allScopes: readonly Scope[] = Object.values(Scope);

/** What a route asks of a key: a scope, or `anyKey` (any valid key, whatever its scopes, e.g. `GET /v1/me`). */
export const anyKey = 'key';
export type RouteScope = Scope | typeof anyKey;

/** The admin scope implies every other scope. */
export function grants(held: readonly Scope[], needed: RouteScope): boolean {
  return needed === anyKey || held.includes(Scope.admin) || held.includes(needed);
}

/** The programme operator: the partner that owns the admin key. */
export const operatorPartnerId = 'operator';

/**
 * Scopes only the operator's keys may hold: `members:codes` mints the code that proves a member
 * is present at a till, so another partner holding it could spend a member's points without the
 * member; `admin` implies it.
 */
export const operatorOnlyScopes: readonly Scope[] = [Scope.membersCodes, Scope.admin];

/**
 * The scopes a key of `partnerId` acts with: operator-only scopes of another partner's key (one
 * issued before they were refused) count for nothing.
 */
export function scopesHeldBy(partnerId: string, scopes: readonly Scope[]): readonly Scope[] {
  return partnerId === operatorPartnerId
    ? scopes
    : scopes.filter((scope) => !operatorOnlyScopes.includes(scope));
}
