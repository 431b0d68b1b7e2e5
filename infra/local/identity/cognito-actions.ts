// The subset of the Cognito user pool API (JSON protocol) the local identity serves: the browser's
// sign-in, refresh and sign-out, and the admin actions of `npm run users`. Each action's input is a
// strict schema: an unknown field is refused by name, never ignored.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { consumeSignIn } from '#shared/http/rate-limit.ts';
import { adminActions, cognitoUser } from '#infra/local/identity/admin-actions.ts';
import { IdentityError, invalidParameter } from '#infra/local/identity/identity-errors.ts';
import { localClientId, localUserPoolId } from '#infra/local/identity/identity-endpoint.ts';
import type { LocalIdentity } from '#infra/local/identity/local-identity.ts';

interface Action<Schema extends z.ZodType> {
  input: Schema;
  /** As on Cognito, the administrator's actions need a request signed (SigV4) with AWS credentials: locally, the data folder's key. */
  signed?: true;
  run(input: z.infer<Schema>, identity: LocalIdentity, event: APIGatewayProxyEventV2): Promise<unknown>;
}

const action = <Schema extends z.ZodType>(definition: Action<Schema>) => definition as unknown as Action<z.ZodType>;

const text = z.string().min(1);
const clientId = text.refine((value) => value === localClientId, { error: 'unknownClient' });
const userPoolId = text.refine((value) => value === localUserPoolId, { error: 'unknownPool' });
const paging = { Limit: z.number().int().min(0).max(60).optional(), PaginationToken: z.string().optional() };

/** The attributes an administrator may set: Baton keeps only `email` (and Cognito's `email_verified` beside it). */
const emailAttributes = z
  .array(z.strictObject({ Name: z.enum(['email', 'email_verified']), Value: z.string() }))
  .refine((attributes) => attributes.every((attribute) => attribute.Name !== 'email' || z.email().safeParse(attribute.Value).success), { error: 'email must be an e-mail address' });
const emailIn = (attributes: z.infer<typeof emailAttributes> | undefined) => attributes?.find((attribute) => attribute.Name === 'email')?.Value.trim().toLowerCase();

/**
 * An administrator's action on one user of the pool: signed, its input the pool, the user and `fields` (strict, like
 * every action's), run on the users' admin actions.
 */
const userAdminAction = <Fields extends z.ZodRawShape>(
  fields: Fields,
  run: (input: z.infer<z.ZodObject<{ UserPoolId: typeof userPoolId; Username: typeof text } & Fields>>, admin: ReturnType<typeof adminActions>) => unknown,
) =>
  action({
    signed: true,
    input: z.strictObject({ UserPoolId: userPoolId, Username: text, ...fields }),
    run: async (input, identity) => run(input, adminActions(identity.users)),
  });

const passwordAuth = z.strictObject({ USERNAME: text, PASSWORD: text });
const refreshAuth = z.strictObject({ REFRESH_TOKEN: text });

export const cognitoActions: Record<string, Action<z.ZodType>> = {
  InitiateAuth: action({
    input: z.strictObject({
      AuthFlow: z.enum(['USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN']),
      ClientId: clientId,
      AuthParameters: z.record(z.string(), z.string()),
    }),
    async run({ AuthFlow, AuthParameters }, identity, event) {
      if (AuthFlow === 'USER_PASSWORD_AUTH') {
        const { USERNAME, PASSWORD } = strictParameters(passwordAuth, AuthParameters);
        const allowed = await consumeSignIn(event);
        if (!allowed.allowed) {
          throw new IdentityError('TooManyRequestsException', 'Too many sign-in attempts; try again later.', 429, { 'Retry-After': String(allowed.retryAfterSeconds) });
        }
        const outcome = await identity.signIn(USERNAME, PASSWORD);
        if ('challenge' in outcome) {
          return { ChallengeName: outcome.challenge, ChallengeParameters: { USER_ID_FOR_SRP: outcome.username, requiredAttributes: '[]', userAttributes: '{}' }, Session: 'local' };
        }
        return { ChallengeParameters: {}, AuthenticationResult: outcome };
      }
      const { REFRESH_TOKEN } = strictParameters(refreshAuth, AuthParameters);
      return { ChallengeParameters: {}, AuthenticationResult: await identity.refresh(REFRESH_TOKEN) };
    },
  }),
  RevokeToken: action({
    input: z.strictObject({ Token: text, ClientId: clientId }),
    async run({ Token }, identity) {
      await identity.revoke(Token);
      return {};
    },
  }),
  GlobalSignOut: action({
    input: z.strictObject({ AccessToken: text }),
    async run({ AccessToken }, identity) {
      await identity.signOutEverywhere(AccessToken);
      return {};
    },
  }),
  AdminCreateUser: userAdminAction(
    { TemporaryPassword: z.string().optional(), UserAttributes: emailAttributes.optional(), MessageAction: z.enum(['SUPPRESS', 'RESEND']).optional() },
    async ({ Username, TemporaryPassword, UserAttributes }, admin) => ({ User: await admin.createUser(Username, TemporaryPassword, emailIn(UserAttributes)) }),
  ),
  AdminUpdateUserAttributes: userAdminAction({ UserAttributes: emailAttributes }, async ({ Username, UserAttributes }, admin) => {
    const email = emailIn(UserAttributes);
    if (email) await admin.setEmail(Username, email);
    return {};
  }),
  AdminGetUser: userAdminAction({}, ({ Username }, admin) => admin.getUser(Username)),
  AdminSetUserPassword: userAdminAction({ Password: text, Permanent: z.boolean().optional() }, async ({ Username, Password, Permanent }, admin) => {
    await admin.setPassword(Username, Password, Permanent === true);
    return {};
  }),
  AdminAddUserToGroup: userAdminAction({ GroupName: text }, async ({ Username, GroupName }, admin) => {
    await admin.addToGroup(Username, GroupName);
    return {};
  }),
  AdminRemoveUserFromGroup: userAdminAction({ GroupName: text }, async ({ Username, GroupName }, admin) => {
    await admin.removeFromGroup(Username, GroupName);
    return {};
  }),
  AdminDeleteUser: userAdminAction({}, async ({ Username }, admin) => {
    await admin.deleteUser(Username);
    return {};
  }),
  AdminListGroupsForUser: userAdminAction({ Limit: paging.Limit, NextToken: z.string().optional() }, ({ Username }, admin) => ({
    Groups: admin.groupsOf(Username).map((GroupName) => ({ GroupName, UserPoolId: localUserPoolId })),
  })),
  ListUsers: action({
    signed: true,
    input: z.strictObject({ UserPoolId: userPoolId, ...paging }),
    async run({ Limit, PaginationToken }, identity) {
      const start = PaginationToken === undefined ? 0 : Number(PaginationToken);
      if (!Number.isInteger(start) || start < 0) throw invalidParameter('PaginationToken is not valid.');
      const all = identity.users.list();
      const end = start + (Limit || 60);
      return { Users: all.slice(start, end).map(cognitoUser), ...(end < all.length ? { PaginationToken: String(end) } : {}) };
    },
  }),
};

/** AuthParameters is a free map in the protocol; each flow takes exactly its own keys. */
function strictParameters<Schema extends z.ZodType>(schema: Schema, parameters: Record<string, string>): z.infer<Schema> {
  const parsed = schema.safeParse(parameters);
  if (!parsed.success) throw invalidParameter(describeIssues(parsed.error, 'AuthParameters'));
  return parsed.data;
}

/** One sentence naming every field that is wrong, unknown or missing (`AuthParameters.PASSWORD`, `Extra`). */
export function describeIssues(error: z.ZodError, prefix?: string): string {
  const named = error.issues.flatMap((issue) => {
    const at = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `Unknown field ${[at, key].filter(Boolean).join('.')}`);
    if (issue.message === 'unknownClient') return [`User pool client ${at} does not exist`];
    if (issue.message === 'unknownPool') return [`User pool ${at} does not exist`];
    return [`${at || '(body)'}: ${issue.message}`];
  });
  return `${named.join('; ')}.`;
}
