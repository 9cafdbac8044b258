/** Item keys of the single table, in one place. */
export const memberKeys = {
  profile: (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'PROFILE' }),
  account: (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'ACCOUNT' }),
};
