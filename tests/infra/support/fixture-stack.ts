// The Baton stack built around the fixture flow file (tests/infra/fixtures): one route that starts flows, the two step
// Lambdas the flow names, no UI. baton-stack.test.ts and flow-versions.test.ts assert on the same stack, synthesized once.
import path from 'node:path';
import type { Route } from '#shared/api/routes.ts';
import type { BatonStackProps } from '#infra/aws/baton-stack.ts';
import type { StepLambdaTable } from '#infra/aws/flows.ts';
import { projectRoot } from '#infra/aws/project-paths.ts';

export const fixtures = path.join(projectRoot, 'tests/infra/fixtures');
export const fixtureWorkflows = path.join(fixtures, 'workflows');
export const fixtureStepLambdas: StepLambdaTable = {
  OpenHumanTask: { id: 'OpenHumanTask', entry: 'tests/infra/fixtures/step-handler.ts' },
  CloseIssue: { id: 'CloseIssue', entry: 'tests/infra/fixtures/step-handler.ts' },
};
export const fixtureRoute: Route = { id: 'FixtureRoute', method: 'POST', path: '/api/fixture', auth: 'public', entry: 'tests/infra/fixtures/step-handler.ts', tableAccess: 'readWrite', stateMachines: true };

export const fixtureStack: BatonStackProps = {
  routes: [fixtureRoute],
  workflowsDir: fixtureWorkflows,
  stepLambdas: fixtureStepLambdas,
  webDistDir: path.join(fixtures, 'no-web-build'),
};
