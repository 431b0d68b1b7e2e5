// Synthesizes Baton stacks in a process of its own and prints their templates: run by tests/infra/support/synthesized-stack.ts,
// so the test worker's event loop stays free while CDK works (see there). One process for several stacks: loading
// TypeScript and aws-cdk-lib costs more than a template-only synth.
// Input: a JSON array of the stacks' props (argv[2]). Output: a JSON array on stdout, per stack `{ template }` or, for a
// refused synth, `{ error }` with its message.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BatonStack, type BatonStackProps } from '#infra/aws/baton-stack.ts';
import { projectRoot } from '#infra/aws/project-paths.ts';

const propsList = JSON.parse(process.argv[2] ?? '[{}]') as BatonStackProps[];
const { context } = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };

const outcomes = propsList.map((props) => {
  // As `cdk synth` does: cdk.json's context and path metadata. Bundling is skipped: these tests read the template, never the bundles.
  const app = new App({ context: { ...context, 'aws:cdk:enable-path-metadata': true, 'aws:cdk:bundling-stacks': [] } });
  try {
    return { template: Template.fromStack(new BatonStack(app, 'Baton', props)).toJSON() };
  } catch (error) {
    return { error: (error as Error).message };
  }
});
process.stdout.write(JSON.stringify(outcomes));
