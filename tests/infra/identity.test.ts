// CDK assertions for staff sign-in on AWS: the user pool (groups, no self sign-up, the shared password
// policy), its public web client (the auth flows the browser uses, no secret, the shared token
// lifetimes, revocation), the JWT authorizer on every staff route, and where GET /api/auth/config
// tells the browser to sign in.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routes } from '#shared/api/routes.ts';
import { accessTokenMinutes, idTokenMinutes, refreshTokenHours } from '#shared/auth/staff-sign-in.ts';
import { staffGroups } from '#shared/http/caller.ts';
import { BatonHttpApi } from '#infra/aws/http-api.ts';
import { Identity } from '#infra/aws/identity.ts';
import { IssueTable } from '#infra/aws/issue-table.ts';
import { projectRoot } from '#infra/aws/project-paths.ts';

type Resource = { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, any> };

let template: Template;
const only = (type: string): [string, Resource] => {
  const found = Object.entries(template.findResources(type) as Record<string, Resource>);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

beforeAll(() => {
  const { context } = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  // Only the parts sign-in touches, wired as BatonStack wires them; nothing here reads the functions'
  // code, so their bundling is skipped (the whole stack is baton-stack.test.ts's).
  const app = new App({ context: { ...context, 'aws:cdk:enable-path-metadata': true, 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Baton');
  const identity = new Identity(stack, 'Identity');
  new BatonHttpApi(stack, 'HttpApi', { routes, table: new IssueTable(stack, 'IssueTable'), identity, flows: new Map(), edgeSecret: 'edge-secret' });
  template = Template.fromStack(stack);
});

describe('the user pool', () => {
  it('has a group per department plus managers, named as handlers read them from cognito:groups', () => {
    // Act
    const groupNames = Object.values(template.findResources('AWS::Cognito::UserPoolGroup') as Record<string, Resource>).map((group) => group.Properties?.GroupName);
    // Assess
    expect(groupNames.sort()).toEqual([...staffGroups].sort());
  });

  it('lets only administrators create staff, who sign in with a username (as locally) and a strong password', () => {
    // Act
    const [, userPool] = only('AWS::Cognito::UserPool');
    // Assess
    expect(userPool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameConfiguration: { CaseSensitive: false },
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
    });
    expect(userPool.Properties).not.toHaveProperty('UsernameAttributes');
  });
});

describe('the web client', () => {
  it('is public (no secret) and allows exactly the flows the browser uses: password sign-in and refresh', () => {
    // Act
    const [, client] = only('AWS::Cognito::UserPoolClient');
    // Assess
    expect(client.Properties?.GenerateSecret).toBe(false);
    expect([...client.Properties?.ExplicitAuthFlows].sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH']);
    expect(client.Properties?.PreventUserExistenceErrors).toBe('ENABLED');
    expect(client.Properties?.AllowedOAuthFlowsUserPoolClient).toBe(false);
  });

  it('issues tokens with the shared lifetimes, and sign-out can revoke a refresh token', () => {
    // Act
    const [, client] = only('AWS::Cognito::UserPoolClient');
    // Assess
    expect(client.Properties).toMatchObject({
      AccessTokenValidity: accessTokenMinutes,
      IdTokenValidity: idTokenMinutes,
      RefreshTokenValidity: refreshTokenHours * 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      EnableTokenRevocation: true,
    });
  });
});

describe('the JWT authorizer', () => {
  it('guards every staff route, and trusts the pool’s tokens for the web client (the access token’s client_id, the ID token’s aud)', () => {
    // Prepare
    const [poolId] = only('AWS::Cognito::UserPool');
    const [clientId] = only('AWS::Cognito::UserPoolClient');
    const [authorizerId, authorizer] = only('AWS::ApiGatewayV2::Authorizer');
    const apiRoutes = Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>);
    const staffRoutes = routes.filter((route) => route.auth === 'staff');
    // Act
    const guarded = staffRoutes.map((route) => apiRoutes.find((candidate) => candidate.Properties?.RouteKey === routeKey(route))?.Properties);
    // Assess
    expect(staffRoutes.length).toBeGreaterThan(0);
    guarded.forEach((properties, index) => expect(properties, staffRoutes[index]!.id).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } }));
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: clientId }],
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: poolId }]] },
      },
    });
  });

  it('leaves the sign-in configuration public, and never deploys the local identity', () => {
    // Act
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>).map((route) => route.Properties?.RouteKey);
    const configRoute = Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>).find((route) => route.Properties?.RouteKey === 'GET /api/auth/config');
    // Assess
    expect(configRoute?.Properties?.AuthorizationType).toBe('NONE');
    expect(routeKeys).not.toContain('POST /api/auth/cognito/');
  });
});

describe('GET /api/auth/config on AWS', () => {
  it('tells the browser the user pool’s regional endpoint, the pool and the web client', () => {
    // Prepare
    const [poolId] = only('AWS::Cognito::UserPool');
    const [clientId] = only('AWS::Cognito::UserPoolClient');
    // Act
    const configFunction = Object.values(template.findResources('AWS::Lambda::Function') as Record<string, Resource>).find(
      (fn) => fn.Metadata?.['aws:cdk:path'] === 'Baton/HttpApi/IdentityConfig/Resource',
    );
    // Assess
    expect(configFunction?.Properties?.Environment?.Variables).toMatchObject({
      BATON_IDENTITY_ENDPOINT: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/']] },
      BATON_USER_POOL_ID: { Ref: poolId },
      BATON_USER_POOL_CLIENT_ID: { Ref: clientId },
    });
  });
});
