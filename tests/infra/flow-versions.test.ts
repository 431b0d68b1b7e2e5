// CDK assertions: each deployment publishes a version of every flow and moves its `live` alias;
// new issues start on the alias, issues in flight keep their version and the Lambda versions it calls.
import { beforeAll, describe, expect, it } from 'vitest';
import { liveAliasName } from '#infra/aws/flows.ts';
import { fixtureStack } from './support/fixture-stack.ts';
import { synthesizedTemplate } from './support/synthesized-stack.ts';

type Resource = { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string; Metadata?: Record<string, any> };

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

  beforeAll(async () => {
    // The stack baton-stack.test.ts also asserts on: one synth for both files (tests/infra/support/synthesized-stack.ts).
    resources = (await synthesizedTemplate(fixtureStack)).toJSON().Resources as Record<string, Resource>;
  }, 600_000); // as long as baton-stack.test.ts's synth, which this file may be waiting for

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
