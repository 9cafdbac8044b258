export const Scope = {
  membersRead: 'members:read',
  membersWrite: 'members:write',
  membersErase: 'members:erase',
  membersCodes: 'members:codes',
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
