// The administrator's actions on the local users, as the Cognito Admin* APIs do them: what
// `npm run users` calls, through the real SDK, against the local identity's endpoint.
import { randomUUID } from 'node:crypto';
import { passwordProblems } from '#shared/auth/staff-sign-in.ts';
import { staffGroups, type StaffGroup } from '#shared/http/caller.ts';
import { IdentityError, userNotFound } from '#infra/local/identity/identity-errors.ts';
import { passwordFields, type StoredUser, type UserStore } from '#infra/local/identity/user-store.ts';

const attributesOf = (user: StoredUser) => [{ Name: 'sub', Value: user.sub }, ...(user.email ? [{ Name: 'email', Value: user.email }] : [])];

/** Cognito's view of a user (ListUsers, AdminCreateUser). */
export function cognitoUser(user: StoredUser) {
  return {
    Username: user.username,
    Attributes: attributesOf(user),
    UserCreateDate: Date.parse(user.createdAt) / 1000,
    UserLastModifiedDate: Date.parse(user.updatedAt) / 1000,
    Enabled: true,
    UserStatus: user.status,
  };
}

function existing(users: Map<string, StoredUser>, username: string): StoredUser {
  const user = users.get(username);
  if (!user) throw userNotFound();
  return user;
}

function staffGroup(name: string): StaffGroup {
  if (!(staffGroups as readonly string[]).includes(name)) throw new IdentityError('ResourceNotFoundException', 'Group not found.');
  return name as StaffGroup;
}

function checkPassword(password: string): void {
  const problems = passwordProblems(password);
  if (problems.length > 0) throw new IdentityError('InvalidPasswordException', `Password does not conform to policy: ${problems.join('; ')}`);
}

const touch = (user: StoredUser) => {
  user.updatedAt = new Date().toISOString();
};

export function adminActions(store: UserStore) {
  return {
    /** Without a temporary password the user cannot sign in until one is set (AdminSetUserPassword). */
    createUser: (username: string, temporaryPassword?: string, email?: string) =>
      store.update(async (users) => {
        if (users.has(username)) throw new IdentityError('UsernameExistsException', 'User account already exists');
        if (temporaryPassword !== undefined) checkPassword(temporaryPassword);
        const now = new Date().toISOString();
        const user: StoredUser = {
          username,
          sub: randomUUID(),
          groups: [],
          ...(email ? { email } : {}),
          status: 'FORCE_CHANGE_PASSWORD',
          ...(temporaryPassword !== undefined ? await passwordFields(temporaryPassword) : {}),
          createdAt: now,
          updatedAt: now,
          refreshTokens: [],
        };
        users.set(username, user);
        return cognitoUser(user);
      }),
    setPassword: (username: string, password: string, permanent: boolean) =>
      store.update(async (users) => {
        const user = existing(users, username);
        checkPassword(password);
        Object.assign(user, await passwordFields(password), { status: permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD' });
        touch(user);
      }),
    addToGroup: (username: string, group: string) =>
      store.update((users) => {
        const user = existing(users, username);
        const name = staffGroup(group);
        if (!user.groups.includes(name)) user.groups.push(name);
        touch(user);
      }),
    removeFromGroup: (username: string, group: string) =>
      store.update((users) => {
        const user = existing(users, username);
        const name = staffGroup(group);
        user.groups = user.groups.filter((candidate) => candidate !== name);
        touch(user);
      }),
    /** Its refresh tokens go with it: a deleted user's session cannot be refreshed. */
    deleteUser: (username: string) =>
      store.update((users) => {
        existing(users, username);
        users.delete(username);
      }),
    setEmail: (username: string, email: string) =>
      store.update((users) => {
        const user = existing(users, username);
        user.email = email;
        touch(user);
      }),
    /** Cognito's AdminGetUser: the user's attributes (the outbox sender reads `email`). */
    getUser(username: string) {
      const user = store.get(username);
      if (!user) throw userNotFound();
      const { Attributes, ...rest } = cognitoUser(user);
      return { ...rest, UserAttributes: Attributes };
    },
    groupsOf(username: string): StaffGroup[] {
      const user = store.get(username);
      if (!user) throw userNotFound();
      return user.groups;
    },
  };
}
