// The demo users that always exist in local mode (the local stand-in for a Cognito user pool).
import type { StaffGroup } from '#shared/http/caller.ts';

export const demoPassword = 'baton';

export const demoUsers: ReadonlyArray<{ username: string; groups: StaffGroup[] }> = [
  { username: 'sales', groups: ['sales'] },
  { username: 'sales2', groups: ['sales'] },
  { username: 'production', groups: ['production'] },
  { username: 'production2', groups: ['production'] },
  { username: 'service', groups: ['service'] },
  { username: 'service2', groups: ['service'] },
  { username: 'manager', groups: ['managers'] },
];
