// `npm run users -- list | add NAME GROUP [--email ADDR] | email NAME ADDR | remove NAME | password NAME`:
// staff accounts (and the e-mail address Baton's notifications go to), through the
// Cognito user pool API (the real AWS SDK), on either target:
// - locally (the default), against the local identity of a running `npm start` (the users live in
//   its data folder, identity/users.json): --url, default http://127.0.0.1:$PORT (3000), signed with
//   the data folder's key as Cognito's admin actions need (--data-dir, default $BATON_DATA_DIR or .data);
// - on AWS, against the deployed user pool: --user-pool-id ID, or --outputs FILE (the file
//   `npx cdk deploy --outputs-file FILE` wrote), with the usual AWS credentials.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { passwordProblems } from '#shared/auth/staff-sign-in.ts';
import { staffGroups } from '#shared/http/caller.ts';
// The identity's constants alone: the command signs its calls and needs neither the runtime nor the identity's keys.
import { localIdentityPath, localUserPoolId } from '#infra/local/identity/identity-endpoint.ts';
import { existingLocalCredentials, localRegion } from '#infra/local/local-credentials.ts';

const usage = `Usage: npm run users -- <command> [options]
  list                      every user with their groups and e-mail address
  add NAME GROUP            create NAME in GROUP (${staffGroups.join(', ')}) with a permanent password
  email NAME ADDR           set the e-mail address staff notifications go to (the pool's \`email\`)
  remove NAME               delete NAME (their sessions can no longer be refreshed)
  password NAME             set a new permanent password for NAME
Options:
  --password P              the password to set (default: a generated one, printed once)
  --email ADDR              with add: the user's e-mail address
  --url URL                 a local Baton (default http://127.0.0.1:$PORT, PORT default 3000)
  --data-dir DIR            its data folder, whose key signs the requests (default $BATON_DATA_DIR or .data)
  --user-pool-id ID         the deployed user pool (AWS); or:
  --outputs FILE            the stack outputs \`npx cdk deploy --outputs-file FILE\` wrote (UserPoolId)`;

class UsageError extends Error {}

interface Target {
  client: CognitoIdentityProviderClient;
  userPoolId: string;
  where: string;
}

function target(options: { url?: string; 'data-dir'?: string; 'user-pool-id'?: string; outputs?: string }): Target {
  const fromOutputs = options.outputs
    ? Object.values(JSON.parse(readFileSync(options.outputs, 'utf8')) as Record<string, Record<string, string>>).find((outputs) => outputs.UserPoolId)?.UserPoolId
    : undefined;
  if (options.outputs && !fromOutputs) throw new UsageError(`${options.outputs} names no UserPoolId.`);
  const userPoolId = options['user-pool-id'] ?? fromOutputs;
  if (userPoolId) {
    // A pool id starts with its region: eu-west-1_AbCdEf.
    const region = userPoolId.split('_')[0];
    return { client: new CognitoIdentityProviderClient({ region }), userPoolId, where: `the user pool ${userPoolId}` };
  }
  const url = options.url ?? process.env.BATON_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const dataDir = path.resolve(options['data-dir'] ?? process.env.BATON_DATA_DIR ?? '.data');
  const credentials = existingLocalCredentials(dataDir);
  if (!credentials) throw new UsageError(`No Baton data folder at ${dataDir} (its credentials.json signs the admin requests): give --data-dir.`);
  return {
    client: new CognitoIdentityProviderClient({ endpoint: `${url}${localIdentityPath}`, region: localRegion, credentials, maxAttempts: 1 }),
    userPoolId: localUserPoolId,
    where: `the local Baton at ${url}`,
  };
}

/** Long, random and within the pool's policy (every character class). */
function generatedPassword(): string {
  return `${randomBytes(15).toString('base64url')}-Ba7`;
}

function checkedPassword(given: string | undefined): string {
  if (given === undefined) return generatedPassword();
  const problems = passwordProblems(given);
  if (problems.length > 0) throw new UsageError(`The password does not meet the policy: ${problems.join('; ')}.`);
  return given;
}

async function listUsers({ client, userPoolId }: Target): Promise<string[]> {
  const users: UserType[] = [];
  let PaginationToken: string | undefined;
  do {
    const page = await client.send(new ListUsersCommand({ UserPoolId: userPoolId, PaginationToken }));
    users.push(...(page.Users ?? []));
    PaginationToken = page.PaginationToken;
  } while (PaginationToken);
  return Promise.all(
    users.map(async (user) => {
      const groups = await client.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: user.Username! }));
      const email = user.Attributes?.find((attribute) => attribute.Name === 'email')?.Value ?? '';
      return `${user.Username}\t[${(groups.Groups ?? []).map((group) => group.GroupName).join(', ')}]\t${user.UserStatus ?? ''}${email ? `\t${email}` : ''}`;
    }),
  );
}

export async function runUsersCommand(argv: string[]): Promise<string[]> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { password: { type: 'string' }, email: { type: 'string' }, url: { type: 'string' }, 'data-dir': { type: 'string' }, 'user-pool-id': { type: 'string' }, outputs: { type: 'string' } },
  });
  const [command, name, group] = positionals;
  const arity: Record<string, number> = { list: 1, add: 3, email: 3, remove: 2, password: 2 };
  if (!command || arity[command] !== positionals.length) throw new UsageError(usage);
  const email = command === 'email' ? group : values.email;
  if (email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new UsageError(`"${email}" is not an e-mail address.`);
  const emailAttributes = email === undefined ? undefined : [{ Name: 'email', Value: email.trim().toLowerCase() }, { Name: 'email_verified', Value: 'true' }];
  if (command === 'add' && !(staffGroups as readonly string[]).includes(group!)) throw new UsageError(`Unknown group "${group}": one of ${staffGroups.join(', ')}.`);
  const where = target(values);
  const { client, userPoolId: UserPoolId } = where;
  try {
    if (command === 'list') return await listUsers(where);
    if (command === 'remove') {
      await client.send(new AdminDeleteUserCommand({ UserPoolId, Username: name }));
      return [`Removed ${name} from ${where.where}.`];
    }
    if (command === 'email') {
      await client.send(new AdminUpdateUserAttributesCommand({ UserPoolId, Username: name, UserAttributes: emailAttributes }));
      return [`${name}'s e-mail address is ${emailAttributes![0]!.Value} in ${where.where}.`];
    }
    const password = checkedPassword(values.password);
    if (command === 'add') {
      await client.send(new AdminCreateUserCommand({ UserPoolId, Username: name, MessageAction: 'SUPPRESS', ...(emailAttributes ? { UserAttributes: emailAttributes } : {}) }));
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: name, GroupName: group }));
    }
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: name, Password: password, Permanent: true }));
    const done = command === 'add' ? `Added ${name} [${group}] to ${where.where}.` : `Set a new password for ${name} in ${where.where}.`;
    return values.password === undefined ? [done, `Password (shown once): ${password}`] : [done];
  } catch (error) {
    const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
    if (code === 'ECONNREFUSED') throw new UsageError(`No Baton is running at ${where.where.replace('the local Baton at ', '')}: start it with \`npm start\` (the users live in its data folder), or pass --url.`);
    throw error;
  } finally {
    client.destroy();
  }
}

/** What the command prints and its exit code, as its process ends: callable in-process (the tests call it so). */
export async function usersCommand(argv: string[]): Promise<{ code: 0 | 1; stdout: string; stderr: string }> {
  try {
    return { code: 0, stdout: (await runUsersCommand(argv)).join('\n'), stderr: '' };
  } catch (error) {
    return { code: 1, stdout: '', stderr: error instanceof UsageError ? error.message : `${(error as Error).name}: ${(error as Error).message}` };
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { code, stdout, stderr } = await usersCommand(process.argv.slice(2));
  if (code === 0) console.log(stdout);
  else console.error(stderr);
  process.exitCode = code;
}
