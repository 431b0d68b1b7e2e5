// Synthesizes the Baton stack into a cloud assembly (argv[2]) with its real esbuild bundling: the
// intake route and every step Lambda. Run in its own process by deployed-bundles.test.ts, so the
// long synchronous bundling does not stall the test worker.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { routes } from '#shared/api/routes.ts';
import { BatonStack } from '#infra/aws/baton-stack.ts';
import { projectRoot } from '#infra/aws/project-paths.ts';

const outdir = process.argv[2];
if (!outdir) throw new Error('usage: synth-for-bundles.ts <outdir>');
const { context } = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
// Without CDK's built-in CloudFormation validation: it checks the template (a WebAssembly validator, about a third of
// this synth's time), which is not what this synth is for; baton-stack.test.ts synthesizes the project's stack with it.
const app = new App({
  outdir,
  context: { ...context, 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true },
  builtinCloudFormationValidation: false,
});
new BatonStack(app, 'Baton', {
  routes: routes.filter((route) => route.id === 'SubmitIssue'),
  webDistDir: path.join(projectRoot, 'tests/infra/fixtures/no-web-build'),
});
app.synth();
