// AWS's own rules: cdk-nag's AwsSolutions pack over the whole Baton stack. Every finding is either
// fixed or acknowledged with its reason in infra/aws/nag-suppressions.ts; anything else fails here.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatonStack } from '#infra/aws/baton-stack.ts';
import { projectRoot } from '#infra/aws/project-paths.ts';

interface ValidationReport {
  pluginReports: Array<{ pluginName: string; violations: Array<{ ruleName: string; description: string; violatingConstructs: Array<{ constructPath: string }> }> }>;
}

describe('the AwsSolutions checks (cdk-nag)', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'baton-nag-'));
  let report: ValidationReport | undefined;
  let thrown: unknown;

  beforeAll(() => {
    const { context } = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
    // The rules read the template only: the Lambda bundles are not built for this synth.
    const app = new App({ outdir, context: { ...context, 'aws:cdk:bundling-stacks': [] } });
    new BatonStack(app, 'Baton', { webDistDir: path.join(projectRoot, 'tests/infra/fixtures/no-web-build') });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    try {
      app.synth();
    } catch (error) {
      thrown = error;
      report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
    }
  }, 300_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('find nothing that is neither fixed nor acknowledged with a reason', () => {
    // Prepare
    // Act
    const findings = (report?.pluginReports ?? []).flatMap((plugin) =>
      plugin.violations.flatMap((violation) => violation.violatingConstructs.map((construct) => `${violation.ruleName} at ${construct.constructPath}`)),
    );

    // Assess
    expect(findings).toEqual([]);
    expect(thrown).toBeUndefined();
  });
});
