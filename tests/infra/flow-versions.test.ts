// CDK assertions: each deployment publishes a version of every flow and moves its `live` alias;
// new issues start on the alias, issues in flight keep their version and the Lambda versions it calls.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '#shared/api/routes.ts';
import { BatonStack } from '#infra/aws/baton-stack.ts';
import { liveAliasName, type StepLambdaTable } from '#infra/aws/flows.ts';
import { projectRoot } from '#infra/aws/project-paths.ts';

type Resource = { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string; Metadata?: Record<string, any> };

const fixtures = path.join(projectRoot, 'tests/infra/fixtures');
const stepLambdas: StepLambdaTable = {
  OpenHumanTask: { id: 'OpenHumanTask', entry: 'tests/infra/fixtures/step-handler.ts' },
  CloseIssue: { id: 'CloseIssue', entry: 'tests/infra/fixtures/step-handler.ts' },
};
const startingRoute: Route = { id: 'FixtureRoute', method: 'POST', path: '/api/fixture', auth: 'public', entry: 'tests/infra/fixtures/step-handler.ts', tableAccess: 'readWrite', stateMachines: true };

describe('flow versions and the live alias', () => {
  let resources: Record<string, Resource>;
  const only = (type: string) => {
    const found = Object.entries(resources).filter(([, resource]) => resource.Type === type);
    expect(found, type).toHaveLength(1);
    return found[0]!;
  };
  const at = (cdkPath: string) => Object.entries(resources).find(([, resource]) => resource.Metadata?.['aws:cdk:path'] === cdkPath)!;
  const statementsOfRole = (roleId: string) =>
    Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy' && JSON.stringify(resource.Properties?.Roles).includes(JSON.stringify({ Ref: roleId })))
      .flatMap((policy) => policy.Properties?.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);

  beforeAll(() => {
    const { context } = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
    const app = new App({ context: { ...context, 'aws:cdk:enable-path-metadata': true } });
    const stack = new BatonStack(app, 'Baton', {
      routes: [startingRoute],
      workflowsDir: path.join(fixtures, 'workflows'),
      stepLambdas,
      webDistDir: path.join(fixtures, 'no-web-build'),
    });
    resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
  }, 180_000);

  it('publishes the state machine’s current revision as a version named for its Baton flow version, never deleted', () => {
    // Prepare
    const [stateMachineId] = only('AWS::StepFunctions::StateMachine');

    // Act
    const [, version] = only('AWS::StepFunctions::StateMachineVersion');

    // Assess
    expect(version.Properties).toEqual({
      StateMachineArn: { Ref: stateMachineId },
      StateMachineRevisionId: { 'Fn::GetAtt': [stateMachineId, 'StateMachineRevisionId'] },
      Description: 'Baton flow version 1',
    });
    // A new revision replaces the resource: the old version must stay for the executions on it.
    expect({ deletion: version.DeletionPolicy, replacement: version.UpdateReplacePolicy }).toEqual({ deletion: 'Retain', replacement: 'Retain' });
  });

  it('routes every new execution through the live alias to that version', () => {
    // Prepare
    const [versionId] = only('AWS::StepFunctions::StateMachineVersion');

    // Act
    const [, alias] = only('AWS::StepFunctions::StateMachineAlias');

    // Assess
    expect(alias.Properties).toMatchObject({
      Name: liveAliasName,
      RoutingConfiguration: [{ StateMachineVersionArn: { 'Fn::GetAtt': [versionId, 'Arn'] }, Weight: 100 }],
    });
  });

  it('gives the handlers that start issues the alias ARN, and lets them start executions on it', () => {
    // Prepare
    const [aliasId] = only('AWS::StepFunctions::StateMachineAlias');
    const [, handler] = at('Baton/HttpApi/FixtureRoute/Resource');
    const roleId = handler.Properties?.Role['Fn::GetAtt'][0] as string;

    // Act
    const arns = handler.Properties?.Environment.Variables.BATON_STATE_MACHINE_ARNS;
    const start = statementsOfRole(roleId).find((statement) => [statement.Action].flat().includes('states:StartExecution'));

    // Assess
    expect(JSON.stringify(arns)).toContain(JSON.stringify({ 'Fn::GetAtt': [aliasId, 'Arn'] }));
    expect(start?.Resource).toEqual({ 'Fn::GetAtt': [aliasId, 'Arn'] });
  });

  it('calls step Lambda versions that are retained, and may invoke every version of them', () => {
    // Prepare
    const [, stateMachine] = only('AWS::StepFunctions::StateMachine');
    const roleId = stateMachine.Properties?.RoleArn['Fn::GetAtt'][0] as string;
    const [functionId] = at('Baton/Flows/OpenHumanTask/Resource');

    // Act
    const [versionId, version] = at('Baton/Flows/OpenHumanTask/CurrentVersion/Resource');
    const invoke = statementsOfRole(roleId).find((statement) => [statement.Action].flat().includes('lambda:InvokeFunction'));

    // Assess
    expect(stateMachine.Properties?.DefinitionSubstitutions.OpenHumanTask).toEqual({ Ref: versionId });
    expect(version.DeletionPolicy).toBe('Retain');
    expect(JSON.stringify(invoke?.Resource)).toContain(JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [functionId, 'Arn'] }, ':*']] }));
  });
});
