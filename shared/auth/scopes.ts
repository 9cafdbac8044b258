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

/** The admin scope implies every other scope. */
export function grants(held: readonly Scope[], needed: Scope): boolean {
  return held.includes(Scope.admin) || held.includes(needed);
}
