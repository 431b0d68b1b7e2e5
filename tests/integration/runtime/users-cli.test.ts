// `npm run users` end to end against a running local Baton (the same SDK calls it makes against a deployed user
// pool), and the accounts it makes sign in. Two runs are the real command in its own process (`npm run`, one
// success and one failure, so its output and exit code are the process's); the others call the same command
// in-process (`usersCommand`, what the process prints and exits with), as a process start costs npm and tsx.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAt, startTestBaton, type TestBaton } from '../../support/local-baton.ts';
import { projectRoot } from '#infra/local/lambda/load-handler.ts';
import { usersCommand } from '#infra/users.ts';

const run = promisify(execFile);
/** The cases that start `npm run` (npm, tsx and the SDK load each time) are slow on a busy machine. */
const cliTimeoutMs = 240_000;
let baton: TestBaton;

beforeAll(async () => {
  baton = await startTestBaton();
});
afterAll(async () => {
  await baton.dispose();
});

const argsFor = (args: string[]) => [...args, ...(args.includes('--url') ? [] : ['--url', baton.url]), '--data-dir', baton.dataDir];

/** `npm run users -- …args` against the test's Baton, in its own process: its output lines and exit code. */
async function usersProcess(...args: string[]): Promise<{ code: number; out: string[]; err: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'users', '--', ...argsFor(args)], { cwd: projectRoot });
    return { code: 0, out: stdout.trim().split('\n'), err: stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout.trim().split('\n'), err: failed.stderr };
  }
}

/** The same command in this process: what its process would print and exit with. */
async function users(...args: string[]): Promise<{ code: number; out: string[]; err: string }> {
  const { code, stdout, stderr } = await usersCommand(argsFor(args));
  return { code, out: stdout.trim().split('\n'), err: stderr };
}

const refused = (call: Promise<unknown>) => call.then(() => 'signed in', (error: Error) => error.name);

describe('npm run users against a local Baton', () => {
  it('adds a manager with a chosen password, lists them with their group, and removes them', async () => {
    // Act
    const added = await usersProcess('add', 'first.manager', 'managers', '--password', 'First-Manager-2026');
    const token = await signInAt(baton.url, 'first.manager', 'First-Manager-2026');
    const listed = await users('list');
    const removed = await users('remove', 'first.manager');
    // Assess
    expect(added).toMatchObject({ code: 0, out: [`Added first.manager [managers] to the local Baton at ${baton.url}.`] });
    expect((await baton.request('GET', '/api/me', { token })).body).toEqual({ username: 'first.manager', groups: ['managers'] });
    expect(listed.out).toEqual(expect.arrayContaining(['first.manager\t[managers]\tCONFIRMED', 'sales\t[sales]\tCONFIRMED']));
    expect(removed.code).toBe(0);
    expect(await refused(signInAt(baton.url, 'first.manager', 'First-Manager-2026'))).toBe('NotAuthorizedException');
    expect(existsSync(path.join(baton.dataDir, 'identity', 'users.json'))).toBe(true);
  }, cliTimeoutMs);

  it('generates a password when none is given, prints it once, and sets a new one on request', async () => {
    // Act
    const added = await users('add', 'new.sales', 'sales');
    const generated = /^Password \(shown once\): (\S+)$/.exec(added.out[1] ?? '')?.[1];
    const reset = await users('password', 'new.sales', '--password', 'Reset-Password-77');
    // Assess
    expect(generated).toBeDefined();
    expect(await refused(signInAt(baton.url, 'new.sales', generated!))).toBe('NotAuthorizedException');
    expect(reset.code).toBe(0);
    expect(await signInAt(baton.url, 'new.sales', 'Reset-Password-77')).toEqual(expect.any(String));
  }, cliTimeoutMs);

  it('refuses an unknown group, a weak password, an existing user and a Baton that is not running, saying why', async () => {
    // Act
    const [unknownGroup, weak, existing, notRunning] = await Promise.all([
      users('add', 'someone', 'admins'),
      users('add', 'someone', 'sales', '--password', 'baton'),
      users('add', 'sales', 'sales', '--password', 'Another-Password-1'),
      usersProcess('list', '--url', 'http://127.0.0.1:9'),
    ]);
    // Assess
    expect(unknownGroup).toMatchObject({ code: 1, err: expect.stringContaining('Unknown group "admins"') });
    expect(weak).toMatchObject({ code: 1, err: expect.stringContaining('does not meet the policy') });
    expect(existing).toMatchObject({ code: 1, err: expect.stringContaining('UsernameExistsException') });
    expect(notRunning).toMatchObject({ code: 1, err: expect.stringContaining('No Baton is running at http://127.0.0.1:9') });
    expect((await users('list')).out.some((line) => line.startsWith('someone\t'))).toBe(false);
  }, cliTimeoutMs);
});
