// The bundles CDK deploys run: the stack is synthesized once (in its own process) with its real esbuild bundling, and the
// bundle of a route Lambda and of a step Lambda are each run in a plain Node process (ESM import of
// index.mjs, as Lambda does) with API Gateway v2 and Step Functions events, against a local runtime's
// DynamoDB and Step Functions endpoints. Bundling or import mistakes fail here, not after a deploy.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allStates, humanStepDeclaration, isHumanStep, type AslDefinition } from '#shared/flows/asl.ts';
import { projectPaths, projectRoot } from '#infra/aws/project-paths.ts';
import { sampleIssue, startTestBaton, waitForTask, type TestBaton } from '../support/local-baton.ts';

const run = promisify(execFile);
const invoker = path.join(import.meta.dirname, 'support/invoke-bundle.mjs');
const synthScript = path.join(import.meta.dirname, 'support/synth-for-bundles.ts');
/** The synth's environment: CDK's `npx --no-install esbuild` runs node_modules' esbuild without starting npm (support/npx-for-cdk/npx). */
const synthEnv = {
  ...process.env,
  PATH: `${path.join(import.meta.dirname, 'support/npx-for-cdk')}${path.delimiter}${process.env.PATH ?? ''}`,
  BATON_PROJECT_BIN: path.join(projectRoot, 'node_modules/.bin'),
};
type Resource = { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, any> };

describe('the Lambda bundles CDK deploys', () => {
  // Inside the project (cdk.out is ignored), so a bundle resolves the AWS SDK it leaves external the
  // way the Lambda runtime provides it: from node_modules.
  mkdirSync(path.join(projectRoot, 'cdk.out'), { recursive: true });
  const outdir = mkdtempSync(path.join(projectRoot, 'cdk.out', 'bundles-test-'));
  const bundles = new Map<string, { file: string; environment: Record<string, string> }>();
  let baton: TestBaton;

  beforeAll(async () => {
    // Prepare: one synth of the real stack (the intake route and every step Lambda), one local runtime, side by side:
    // the synth is a child process (CDK and esbuild), the runtime starts in this one while it runs.
    const starting = startTestBaton();
    try {
      await run(process.execPath, ['--import', 'tsx', synthScript, outdir], { cwd: projectRoot, env: synthEnv, maxBuffer: 1 << 26 });
    } finally {
      // Held even when the synth failed, so that afterAll disposes of it.
      baton = await starting;
    }
    const template = JSON.parse(readFileSync(path.join(outdir, 'Baton.template.json'), 'utf8')) as { Resources: Record<string, Resource> };
    for (const fn of Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::Lambda::Function' && resource.Metadata?.['aws:asset:path'])) {
      const cdkPath = fn.Metadata!['aws:cdk:path'] as string;
      bundles.set(cdkPath.split('/').at(-2)!, {
        file: path.join(outdir, fn.Metadata!['aws:asset:path'] as string, 'index.mjs'),
        environment: fn.Properties?.Environment?.Variables ?? {},
      });
    }
  }, 600_000);

  afterAll(async () => {
    await baton?.dispose();
    rmSync(outdir, { recursive: true, force: true });
  });

  // The two bundles run side by side (each in its own Node process, on its own issue): most of their time is Node
  // loading a bundle and the AWS SDK, which two cores do at once.

  /** Runs a bundle in its own Node process with its Lambda environment, pointed at the local runtime. */
  async function invoke(functionId: string, event: unknown): Promise<any> {
    const bundle = bundles.get(functionId);
    if (!bundle) throw new Error(`No bundle for ${functionId}; bundles: ${[...bundles.keys()].join(', ')}`);
    // The deployed values that only make sense on AWS (table name, ARNs) are tokens here: the same
    // variables shared/config.ts reads are set to the local runtime's values instead.
    const literal = Object.fromEntries(Object.entries(bundle.environment).filter(([, value]) => typeof value === 'string'));
    const env = {
      PATH: process.env.PATH,
      ...literal,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'unused',
      AWS_SECRET_ACCESS_KEY: 'unused',
      // The local endpoints take only the data folder's key: the runtime's own settings, as the environment the bundle reads.
      BATON_LOCAL_ACCESS_KEY_ID: baton.credentials.accessKeyId,
      BATON_LOCAL_SECRET_ACCESS_KEY: baton.credentials.secretAccessKey,
      BATON_TABLE_NAME: baton.settings.tableName,
      BATON_DYNAMODB_ENDPOINT: baton.endpoints.dynamodb,
      BATON_STEPFUNCTIONS_ENDPOINT: baton.endpoints.stepfunctions,
      BATON_STATE_MACHINE_ARNS: JSON.stringify(baton.settings.stateMachineArns),
    };
    const { stdout } = await run(process.execPath, [invoker, bundle.file, JSON.stringify(event)], { env, cwd: path.dirname(bundle.file), maxBuffer: 1 << 24 });
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
  }

  it('bundles every Lambda as ESM for Node 22 in BATON_MODE aws', () => {
    // Assess
    expect([...bundles.keys()]).toEqual(expect.arrayContaining(['SubmitIssue', 'OpenTask', 'Sweeper', 'Sender']));
    for (const [, bundle] of bundles) expect(bundle.environment.BATON_MODE).toBe('aws');
  });

  it.concurrent('the intake route’s bundle stores an issue and starts its flow on the Step Functions endpoint', async () => {
    // Prepare
    const body = JSON.stringify(sampleIssue({ orderRef: 'PO-BUNDLE-1', customer: { name: 'Li Wei', email: 'bundle-intake@example.com' } }));
    const event = {
      version: '2.0',
      routeKey: 'POST /api/issues',
      rawPath: '/api/issues',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      requestContext: { http: { method: 'POST', path: '/api/issues', sourceIp: '203.0.113.7', protocol: 'HTTP/1.1', userAgent: 'bundle-test' }, requestId: 'bundle-test', routeKey: 'POST /api/issues', stage: '$default', time: '', timeEpoch: 0 },
      body,
      isBase64Encoded: false,
    };

    // Act
    const response = await invoke('SubmitIssue', event);

    // Assess: the issue is stored, and its flow (started by the bundle) opens the first task.
    expect(response.statusCode, response.body).toBe(201);
    const { issueId } = JSON.parse(response.body) as { issueId: string };
    const token = await baton.login('service');
    await waitForTask(baton, token, issueId, (task) => task.step === 'triage' && task.status === 'open');
  });

  it.concurrent('the OpenTask step bundle opens a task from the payload a flow hands it', async () => {
    // Prepare: an issue, and the Payload its first human step builds (literals from the flow file).
    const { issueId } = (await baton.request('POST', '/api/issues', { body: sampleIssue({ orderRef: 'PO-BUNDLE-2', customer: { name: 'Li Wei', email: 'bundle-step@example.com' } }) })).body;
    const token = await baton.login('service');
    await waitForTask(baton, token, issueId, (task) => task.step === 'triage');
    const definition = JSON.parse(readFileSync(path.join(projectPaths.workflows, 'product-defect.asl.json'), 'utf8')) as AslDefinition;
    const [stateName, state] = allStates(definition).find(([name, candidate]) => isHumanStep(candidate) && name === 'Triage the issue')!;
    const event = {
      ...humanStepDeclaration(state),
      slaSeconds: state.TimeoutSeconds,
      taskToken: 'bundle-test-token',
      executionArn: `arn:aws:states:us-east-1:000000000000:execution:product-defect:${issueId}`,
      issueId,
      flowId: 'product-defect',
      stateName,
      enteredAt: new Date().toISOString(),
      attempt: 1,
      routedTo: 'home',
    };

    // Act
    const { taskId } = (await invoke('OpenTask', event)) as { taskId: string };

    // Assess
    const issue = (await baton.request('GET', `/api/issues/${issueId}`, { token })).body;
    expect(JSON.stringify(issue)).toContain(taskId);
  });
});
