import type { MemberProfile } from '../ports/MemberStore.js';

const profileFields = [
  'memberId',
  'name',
  'email',
  'phone',
  'birthday',
  'locale',
  'marketingConsent',
  'referrerId',
  'status',
  'createdAt',
  'enrolmentFingerprint',
  'version',
  'unsubscribed',
] as const;

/** A stored profile as the port answers it, whatever the storage: every field, null where none is stored. */
export function profileOf(stored: object): MemberProfile {
  const attributes = stored as Readonly<Record<string, unknown>>;
  const profile: Record<string, unknown> = {};
  for (const field of profileFields) profile[field] = attributes[field] ?? null;
  return profile as Partial<MemberProfile> as MemberProfile;
}
