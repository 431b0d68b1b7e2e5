// Synthesizes the Baton stack in a process of its own and prints its template: run by synthesize() in
// tests/infra/baton-stack.test.ts, so the test worker's event loop stays free while CDK works (see there).
// Input: the stack's props as JSON (argv[2]). Output: the template as JSON on stdout; a refused synth exits 1 with its message.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BatonStack, type BatonStackProps } from '#infra/aws/baton-stack.ts';
import { projectRoot } from '#infra/aws/project-paths.ts';

const props = JSON.parse(process.argv[2] ?? '{}') as BatonStackProps;
const { context } = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
// As `cdk synth` does: cdk.json's context and path metadata. Bundling is skipped: these tests read the template, never the bundles.
const app = new App({ context: { ...context, 'aws:cdk:enable-path-metadata': true, 'aws:cdk:bundling-stacks': [] } });
try {
  process.stdout.write(JSON.stringify(Template.fromStack(new BatonStack(app, 'Baton', props)).toJSON()));
} catch (error) {
  process.stderr.write((error as Error).message);
  process.exitCode = 1;
}
