// The demo users that always exist in local mode (the local stand-in for a Cognito user pool).
import type { StaffGroup } from '#shared/http/caller.ts';

export const demoPassword = 'baton';

/** Demo addresses are at a reserved test domain: their mail lands in the local inbox page and nowhere else. */
export const demoEmailOf = (username: string) => `${username}@staff.baton.test`;

export const demoUsers: ReadonlyArray<{ username: string; groups: StaffGroup[]; email: string }> = (
  [
    { username: 'sales', groups: ['sales'] },
    { username: 'sales2', groups: ['sales'] },
    { username: 'production', groups: ['production'] },
    { username: 'production2', groups: ['production'] },
    { username: 'service', groups: ['service'] },
    { username: 'service2', groups: ['service'] },
    { username: 'manager', groups: ['managers'] },
  ] satisfies Array<{ username: string; groups: StaffGroup[] }>
).map((user) => ({ ...user, email: demoEmailOf(user.username) }));
