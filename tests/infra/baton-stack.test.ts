// CDK assertions: the AWS stack is built from the shared definitions (routes, table, flows, groups)
// and keeps Baton's deployment rules (no literal ARNs or names, traced arm64 Node 22 functions).
import { existsSync, readFileSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routes } from '#shared/api/routes.ts';
import { createTableInput, timeToLiveAttribute } from '#shared/data/table-definition.ts';
import { flowIds } from '#shared/flows/catalog.ts';
import type { BatonStackProps } from '#infra/aws/baton-stack.ts';
import { aslFileOf, aslPlaceholders } from '#infra/aws/flows.ts';
import { projectPaths } from '#infra/aws/project-paths.ts';
import { fixtureStack, fixtureStepLambdas, fixtureWorkflows } from './support/fixture-stack.ts';
import { synthesizeStacks, templateOf, type SynthOutcome } from './support/synthesized-stack.ts';

// A test that waits for a synthesized stack gets as long as a beforeAll that does (hookTimeout).
const synthesizing = { timeout: 120_000 };

type Resource = { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string; Metadata?: Record<string, any> };
type Resources = Record<string, Resource>;

const withAlarmEmail: BatonStackProps = { workflowsDir: fixtureWorkflows, stepLambdas: fixtureStepLambdas, alarmEmail: 'ops@example.com' };
const unservedStep: BatonStackProps = { routes: [], workflowsDir: fixtureWorkflows, stepLambdas: {} };

// Every stack this file asserts on (the project's, and three around the fixture flow file), synthesized together in one
// child process the first time one is asked for (tests/infra/support/synthesized-stack.ts). In a child, because a synth
// is minutes of synchronous work on a busy machine, and a test worker blocked that long misses vitest 3's fixed 60 s
// limit on its RPC to the runner (`[vitest-worker]: Timeout calling "onTaskUpdate"`), which fails a green run.
const stacks: BatonStackProps[] = [{}, fixtureStack, withAlarmEmail, unservedStep];
let synthesized: Promise<SynthOutcome[]> | undefined;

/** Synthesizes the stack the way `cdk synth` does (cdk.json's context, path metadata), bundling aside. */
async function synthesize(props: BatonStackProps): Promise<Template> {
  synthesized ??= synthesizeStacks(stacks);
  return templateOf((await synthesized)[stacks.indexOf(props)]!);
}

const resourcesOf = (template: Template, type: string): Resources => template.findResources(type) as Resources;
const cdkPathOf = (resource: Resource) => resource.Metadata?.['aws:cdk:path'] as string;
const logicalIdAt = (template: Template, type: string, cdkPath: string) =>
  Object.entries(resourcesOf(template, type)).find(([, resource]) => cdkPathOf(resource) === cdkPath)?.[0];
const batonFunctions = (template: Template) =>
  Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).filter(
    ([, fn]) => fn.Properties?.Environment?.Variables?.BATON_MODE === 'aws',
  );

/** Every string in a template value, wherever it sits (plain values and intrinsic arguments alike). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/** The statements of every IAM policy attached to the role a resource runs as. */
function policyStatementsOf(template: Template, roleLogicalId: string): Array<{ Action: string | string[]; Resource: unknown }> {
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties?.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId })))
    .flatMap((policy) => policy.Properties?.PolicyDocument.Statement);
}
/** Resources each resource needs first: its Ref, Fn::GetAtt and DependsOn targets. */
function dependenciesOf(resource: Resource, logicalIds: Set<string>): string[] {
  const found = new Set<string>([resource as { DependsOn?: string | string[] }].flatMap((r) => r.DependsOn ?? []));
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string' && logicalIds.has(inner)) found.add(inner);
      else if (key === 'Fn::GetAtt' && Array.isArray(inner) && logicalIds.has(inner[0])) found.add(inner[0]);
      else visit(inner);
    }
  };
  visit(resource.Properties);
  return [...found];
}

/** A resource that (indirectly) needs itself, as CloudFormation would report it; undefined if none. */
function dependencyCycle(resources: Resources): string[] | undefined {
  const logicalIds = new Set(Object.keys(resources));
  const state = new Map<string, 'visiting' | 'done'>();
  const walk = (id: string, trail: string[]): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...trail.slice(trail.indexOf(id)), id];
    state.set(id, 'visiting');
    for (const next of dependenciesOf(resources[id] as Resource, logicalIds)) {
      const cycle = walk(next, [...trail, id]);
      if (cycle) return cycle;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of logicalIds) {
    const cycle = walk(id, []);
    if (cycle) return cycle;
  }
  return undefined;
}
const actionsOf = (statements: Array<{ Action: string | string[] }>) => statements.flatMap((statement) => statement.Action);

describe('the Baton stack built from the project', () => {
  let template: Template;
  let json: { Resources: Resources; Outputs: Record<string, unknown> };

  beforeAll(async () => {
    template = await synthesize(stacks[0]!);
    json = template.toJSON() as typeof json;
  }, 600_000); // a whole stack, in a child process, on a busy 2-core machine

  describe('table', () => {
    it('has the keys, indexes and TTL of the shared table definition', () => {
      // Prepare
      const expected = createTableInput('unused');
      const byName = (a: { AttributeName: string }, b: { AttributeName: string }) => a.AttributeName.localeCompare(b.AttributeName);

      // Act
      const [table] = Object.values(resourcesOf(template, 'AWS::DynamoDB::Table'));

      // Assess
      expect(table?.Properties?.KeySchema).toEqual(expected.KeySchema);
      expect(table?.Properties?.GlobalSecondaryIndexes).toEqual(expected.GlobalSecondaryIndexes);
      expect([...table!.Properties!.AttributeDefinitions].sort(byName)).toEqual([...expected.AttributeDefinitions].sort(byName));
      expect(table?.Properties?.TimeToLiveSpecification).toEqual({ AttributeName: timeToLiveAttribute, Enabled: true });
    });

    it('is on demand, recoverable to a point in time, protected from deletion and retained', () => {
      // Prepare
      // Act
      const [table] = Object.values(resourcesOf(template, 'AWS::DynamoDB::Table'));

      // Assess
      expect(table?.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      });
      expect(table?.DeletionPolicy).toBe('Retain');
    });
  });

  describe('HTTP API', () => {
    const awsRoutes = routes.filter((route) => !route.localOnly);

    it('has one route per route of the shared table, local-only routes left out', () => {
      // Prepare
      const expectedKeys = awsRoutes.map(routeKey).sort();

      // Act
      const routeKeys = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).map((route) => route.Properties?.RouteKey).sort();

      // Assess
      expect(routeKeys).toEqual(expectedKeys);
      expect(routeKeys).not.toContain(routeKey(routes.find((route) => route.localOnly) ?? { method: 'POST', path: '/api/auth/cognito/' }));
    });

    it('serves each route by its own Lambda, named by the route id', () => {
      // Prepare
      const integrations = resourcesOf(template, 'AWS::ApiGatewayV2::Integration');
      const apiRoutes = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route'));

      for (const route of awsRoutes) {
        // Act
        const apiRoute = apiRoutes.find((candidate) => candidate.Properties?.RouteKey === routeKey(route));
        const integrationId = (apiRoute?.Properties?.Target['Fn::Join'][1] as unknown[])[1] as { Ref: string };
        const functionArn = integrations[integrationId.Ref]?.Properties?.IntegrationUri;
        const functionId = logicalIdAt(template, 'AWS::Lambda::Function', `Baton/HttpApi/${route.id}/Resource`);

        // Assess
        expect(functionId, route.id).toBeDefined();
        expect(functionArn, route.id).toEqual({ 'Fn::GetAtt': [functionId, 'Arn'] });
      }
      expect(batonFunctions(template).filter(([, fn]) => cdkPathOf(fn).startsWith('Baton/HttpApi/'))).toHaveLength(awsRoutes.length);
    });

    it('puts the Cognito JWT authorizer on staff routes and on no public route', () => {
      // Prepare
      const [authorizerId] = Object.keys(resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer'));

      // Act
      const apiRoutes = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route'));

      // Assess
      for (const route of awsRoutes) {
        const apiRoute = apiRoutes.find((candidate) => candidate.Properties?.RouteKey === routeKey(route));
        if (route.auth === 'staff') {
          expect(apiRoute?.Properties, route.id).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
        } else {
          expect(apiRoute?.Properties?.AuthorizationType, route.id).toBe('NONE');
          expect(apiRoute?.Properties?.AuthorizerId, route.id).toBeUndefined();
        }
      }
    });

    it('trusts tokens issued by the user pool for the web client only', () => {
      // Prepare
      const userPoolId = Object.keys(resourcesOf(template, 'AWS::Cognito::UserPool'))[0];
      const clientId = Object.keys(resourcesOf(template, 'AWS::Cognito::UserPoolClient'))[0];

      // Act
      const [authorizer] = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer'));

      // Assess
      expect(authorizer?.Properties?.AuthorizerType).toBe('JWT');
      expect(authorizer?.Properties?.JwtConfiguration.Audience).toEqual([{ Ref: clientId }]);
      expect(authorizer?.Properties?.JwtConfiguration.Issuer).toEqual({
        'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: userPoolId }]],
      });
    });

    it('throttles the default stage', () => {
      // Prepare
      // Act
      const [stage] = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Stage'));

      // Assess
      expect(stage?.Properties).toMatchObject({
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingBurstLimit: expect.any(Number), ThrottlingRateLimit: expect.any(Number) },
      });
    });
  });

  describe('flows', () => {
    const deployedFlows = flowIds.filter((flowId) => existsSync(aslFileOf(projectPaths.workflows, flowId)));

    it('has a state machine for each flow with an ASL file, and none for the others', () => {
      // Prepare
      const expectedPaths = deployedFlows.map((flowId) => `Baton/Flows/${flowId}/Resource`).sort();

      // Act
      const stateMachinePaths = Object.values(resourcesOf(template, 'AWS::StepFunctions::StateMachine')).map(cdkPathOf).sort();

      // Assess
      expect(stateMachinePaths).toEqual(expectedPaths);
    });

    it('fills every placeholder of each ASL file with a published version of a function of the stack', () => {
      for (const flowId of deployedFlows) {
        // Prepare
        const asl = readFileSync(aslFileOf(projectPaths.workflows, flowId), 'utf8');
        const stateMachineId = logicalIdAt(template, 'AWS::StepFunctions::StateMachine', `Baton/Flows/${flowId}/Resource`) as string;
        const substitutions = json.Resources[stateMachineId]?.Properties?.DefinitionSubstitutions ?? {};

        // Act: what CloudFormation does with the definition.
        const deployed = asl.replace(/\$\{(\w+)\}/g, (placeholder, name: string) => (name in substitutions ? '<filled>' : placeholder));

        // Assess
        expect(deployed, flowId).not.toContain('${');
        for (const name of aslPlaceholders(asl)) {
          const version = json.Resources[substitutions[name].Ref as string];
          expect(version?.Type, `${flowId} ${name}`).toBe('AWS::Lambda::Version');
          const functionId = version?.Properties?.FunctionName.Ref as string;
          expect(json.Resources[functionId]?.Type, `${flowId} ${name}`).toBe('AWS::Lambda::Function');
        }
      }
    });
  });

  describe('web site', () => {
    it('keeps the content bucket private and reachable over TLS only', () => {
      // Prepare
      // Act
      const [bucket] = Object.values(resourcesOf(template, 'AWS::S3::Bucket'));

      // Assess
      expect(bucket?.Properties?.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket?.Properties?.WebsiteConfiguration).toBeUndefined();
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });

    it('serves the UI through an origin access control and routes /api/* to the HTTP API uncached', () => {
      // Prepare
      const apiId = Object.keys(resourcesOf(template, 'AWS::ApiGatewayV2::Api'))[0];

      // Act
      const [distribution] = Object.values(resourcesOf(template, 'AWS::CloudFront::Distribution'));
      const config = distribution?.Properties?.DistributionConfig;
      const apiBehavior = config.CacheBehaviors.find((behavior: { PathPattern: string }) => behavior.PathPattern === '/api/*');
      const apiOrigin = config.Origins.find((origin: { Id: string }) => origin.Id === apiBehavior.TargetOriginId);

      // Assess
      expect(config.Origins.some((origin: { OriginAccessControlId?: unknown }) => origin.OriginAccessControlId)).toBe(true);
      expect(apiBehavior).toMatchObject({
        CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
        OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
        AllowedMethods: expect.arrayContaining(['POST', 'GET']),
      });
      expect(JSON.stringify(apiOrigin.DomainName)).toContain(JSON.stringify({ Ref: apiId }));
    });

    it('sends a generated edge secret to the API, known to the rate-limited handlers only', () => {
      // Prepare
      const [secretId] = Object.keys(resourcesOf(template, 'AWS::SecretsManager::Secret'));
      const [distribution] = Object.values(resourcesOf(template, 'AWS::CloudFront::Distribution'));
      const config = distribution?.Properties?.DistributionConfig;
      const apiBehavior = config.CacheBehaviors.find((behavior: { PathPattern: string }) => behavior.PathPattern === '/api/*');
      const apiOrigin = config.Origins.find((origin: { Id: string }) => origin.Id === apiBehavior.TargetOriginId);
      const awsRoutes = routes.filter((route) => !route.localOnly);
      const envOf = (routeId: string) =>
        resourcesOf(template, 'AWS::Lambda::Function')[logicalIdAt(template, 'AWS::Lambda::Function', `Baton/HttpApi/${routeId}/Resource`)!]?.Properties?.Environment?.Variables ?? {};

      // Assess: the same secret, by reference (never a literal), on the origin and on those handlers
      expect(secretId).toBeDefined();
      const header = apiOrigin.OriginCustomHeaders.find((candidate: { HeaderName: string }) => candidate.HeaderName === 'x-baton-edge-secret');
      expect(JSON.stringify(header.HeaderValue)).toContain(secretId);
      for (const route of awsRoutes) {
        const env = envOf(route.id);
        if (route.limitsClients) expect(JSON.stringify(env.BATON_EDGE_SECRET), route.id).toEqual(JSON.stringify(header.HeaderValue));
        else expect(env.BATON_EDGE_SECRET, route.id).toBeUndefined();
      }
      expect(awsRoutes.filter((route) => route.limitsClients).map((route) => route.id).sort()).toEqual([
        'PostCustomerMessage',
        'RateHandling',
        'ReopenIssue',
        'SendTrackingCodes',
        'SubmitIssue',
        'Track',
        'Unsubscribe',
      ]);
    });
  });

  describe('step Lambdas that answer tasks themselves', () => {
    it('may send task results to the state machines that call them, and only those Lambdas', () => {
      // Prepare
      const policies = Object.entries(template.findResources('AWS::IAM::Policy'));
      const answering = policies.filter(([, policy]) =>
        JSON.stringify(policy).includes('states:SendTaskSuccess') && cdkPathOf(policy as Resource).startsWith('Baton/Flows/'),
      );
      // Assess
      expect(answering.length).toBeGreaterThan(0);
      for (const [id] of answering) expect(id).toMatch(/^FlowsWaitForCustomer/);
    });
  });

  describe('the sweeper', () => {
    it('repairs pending work every five minutes, with the table and the flows at hand', () => {
      // Prepare
      const rules = template.findResources('AWS::Events::Rule');
      const sweeper = batonFunctions(template).find(([id]) => id.startsWith('Sweeper'));
      // Assess
      expect(Object.values(rules).map((rule) => (rule as { Properties: { ScheduleExpression: string } }).Properties.ScheduleExpression)).toContain('rate(5 minutes)');
      expect(sweeper?.[1].Properties?.Environment?.Variables).toMatchObject({
        BATON_TABLE_NAME: expect.anything(),
        BATON_STATE_MACHINE_ARNS: expect.anything(),
      });
    });

    it('may read what executions did (the repair settles by their history) and probe a token with a heartbeat', () => {
      // Prepare
      const sweeper = batonFunctions(template).find(([id]) => id.startsWith('Sweeper'));
      const role = (sweeper?.[1].Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      // Act
      const actions = policyStatementsOf(template, role).flatMap((statement) => [statement.Action].flat());
      // Assess
      expect(actions).toEqual(expect.arrayContaining(['states:ListExecutions', 'states:GetExecutionHistory', 'states:SendTaskHeartbeat', 'states:DescribeStateMachineForExecution']));
    });
  });

  describe('deployment rules', () => {
    it('runs every Baton function traced, on arm64 and Node 22, with source maps', () => {
      // Prepare
      const functions = batonFunctions(template);

      // Act
      // Assess
      expect(functions.length).toBeGreaterThan(0);
      for (const [id, fn] of functions) {
        expect(fn.Properties, id).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          MemorySize: 512,
          // Request handlers answer within 10 s; the sweepers work through a backlog for up to 2 minutes; the outbox
          // sender sends a batch of stream records, and a send cut off by a timeout is never sent again (at most once).
          Timeout: id.startsWith('Sweeper') || id.startsWith('NotificationsSweep') ? 120 : id.startsWith('NotificationsSender') ? 60 : 10,
          LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
          Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'baton', NODE_OPTIONS: '--enable-source-maps' } },
        });
      }
    });

    it('holds no literal ARN or account id anywhere in the template', () => {
      // Prepare
      const strings = stringsIn(json);

      // Act
      const literalArns = strings.filter((value) => /arn:aws[a-z-]*:/.test(value));
      const accountIds = strings.filter((value) => /(^|[^\w])\d{12}([^\w]|$)/.test(value));

      // Assess
      expect(literalArns).toEqual([]);
      expect(accountIds).toEqual([]);
    });

    it('names no resource physically: CloudFormation generates every name', () => {
      // Prepare
      const nameProperties = ['TableName', 'FunctionName', 'StateMachineName', 'BucketName', 'UserPoolName', 'LogGroupName', 'RoleName'];

      // Act
      const named = Object.entries(json.Resources).flatMap(([id, resource]) =>
        nameProperties.filter((name) => typeof resource.Properties?.[name] === 'string').map((name) => `${id}.${name}`),
      );

      // Assess
      expect(named).toEqual([]);
    });

    it('outputs what a deployment needs to be used: API, site, user pool, client, table and the alarm topic', () => {
      // Prepare
      // Act
      const outputs = Object.keys(json.Outputs).sort();

      // Assess
      expect(outputs).toEqual(['AlarmTopicArn', 'ApiUrl', 'SiteUrl', 'TableName', 'UserPoolClientId', 'UserPoolId']);
    });
  });

  describe('notifications (the outbox sender and SES)', () => {
    const functionAt = (cdkPathEnd: string) => {
      const found = Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).find(([, fn]) => cdkPathOf(fn)?.endsWith(cdkPathEnd));
      if (!found) throw new Error(`No function at …${cdkPathEnd}`);
      return found;
    };
    const roleOf = (fn: Resource) => (fn.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

    it('the table streams new images, the same view the local runtime reads', () => {
      // Prepare
      const [table] = Object.values(resourcesOf(template, 'AWS::DynamoDB::Table'));

      // Act
      const stream = table?.Properties?.StreamSpecification;

      // Assess
      expect(stream).toEqual({ StreamViewType: createTableInput('unused').StreamSpecification.StreamViewType });
    });

    it('the sender is triggered by the stream, only for new outbox messages, with retries, bisection, partial failures and a dead-letter queue', () => {
      // Prepare
      const [senderId] = functionAt('/Notifications/Sender/Resource');

      // Act
      const mappings = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping')).filter(
        (mapping) => JSON.stringify(mapping.Properties?.FunctionName) === JSON.stringify({ Ref: senderId }),
      );

      // Assess
      expect(mappings).toHaveLength(1);
      const mapping = mappings[0]!.Properties!;
      expect(JSON.stringify(mapping.EventSourceArn)).toContain('StreamArn');
      expect(mapping).toMatchObject({ StartingPosition: 'TRIM_HORIZON', BisectBatchOnFunctionError: true, MaximumRetryAttempts: 5, FunctionResponseTypes: ['ReportBatchItemFailures'] });
      expect(JSON.parse(mapping.FilterCriteria.Filters[0].Pattern)).toEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['outbox'] } } } });
      expect(JSON.stringify(mapping.DestinationConfig.OnFailure.Destination)).toContain('SenderFailures');
    });

    it('only the sender and the sweep may send mail, only from the sender identity and through the configuration set', () => {
      // Prepare
      const senders = [functionAt('/Notifications/Sender/Resource'), functionAt('/Notifications/Sweep/Resource')];
      const others = batonFunctions(template).filter(([id]) => !senders.some(([senderId]) => senderId === id));

      // Act
      const sesStatements = (fn: Resource) => policyStatementsOf(template, roleOf(fn)).filter((statement) => stringsIn(statement.Action).some((action) => action.startsWith('ses:')));

      // Assess
      for (const [, fn] of senders) {
        const statements = sesStatements(fn);
        expect(statements).toHaveLength(1);
        expect(stringsIn(statements[0]!.Action).sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
        const resources = JSON.stringify(statements[0]!.Resource);
        expect(resources).not.toContain('"*"');
        expect(resources).toContain('identity/');
        expect(resources).toContain('configuration-set/');
        expect(fn.Properties?.Environment?.Variables).toMatchObject({ BATON_SENDER_EMAIL: 'baton@example.com' });
        expect(Object.keys(fn.Properties?.Environment?.Variables ?? {})).toEqual(expect.arrayContaining(['BATON_SES_CONFIGURATION_SET', 'BATON_SITE_URL', 'BATON_TABLE_NAME']));
      }
      expect(others.filter(([, fn]) => sesStatements(fn).length > 0).map(([id]) => id)).toEqual([]);
    });

    it('the configuration set sends bounces and complaints to a topic whose subscriber records them', () => {
      // Prepare
      const [feedbackId] = functionAt('/Notifications/FeedbackRecorder/Resource');

      // Act
      const destinations = Object.values(resourcesOf(template, 'AWS::SES::ConfigurationSetEventDestination'));
      const subscriptions = Object.values(resourcesOf(template, 'AWS::SNS::Subscription'));

      // Assess
      expect(resourcesOf(template, 'AWS::SES::ConfigurationSet')).not.toEqual({});
      expect(resourcesOf(template, 'AWS::SES::EmailIdentity')).not.toEqual({});
      expect(destinations).toHaveLength(1);
      const destination = destinations[0]!.Properties!.EventDestination;
      expect([...destination.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint']);
      const topicRef = JSON.stringify(destination.SnsDestination.TopicARN);
      expect(subscriptions.some((subscription) => subscription.Properties?.Protocol === 'lambda' && JSON.stringify(subscription.Properties?.TopicArn) === topicRef && JSON.stringify(subscription.Properties?.Endpoint).includes(feedbackId))).toBe(true);
    });
  });
});

describe('the Baton stack with a flow file (fixture)', () => {
  let template: Template;
  let json: { Resources: Resources };
  const stateMachineAt = () => logicalIdAt(template, 'AWS::StepFunctions::StateMachine', 'Baton/Flows/product-defect/Resource') as string;

  beforeAll(async () => {
    template = await synthesize(fixtureStack);
    json = template.toJSON() as typeof json;
  }, 180_000);

  it('deploys the ASL file as it is, with each placeholder filled by its step function’s current version ARN', () => {
    // Prepare
    const asl = readFileSync(aslFileOf(fixtureWorkflows, 'product-defect'), 'utf8');

    // Act
    const stateMachine = json.Resources[stateMachineAt()];
    const substitutions = stateMachine?.Properties?.DefinitionSubstitutions ?? {};
    const deployed = asl.replace(/\$\{(\w+)\}/g, (placeholder, name: string) => (name in substitutions ? '<filled>' : placeholder));

    // Assess
    expect(stateMachine?.Properties?.DefinitionS3Location).toBeDefined();
    expect(deployed).not.toContain('${');
    expect(Object.keys(substitutions).sort()).toEqual(['CloseIssue', 'OpenHumanTask']);
    for (const name of ['CloseIssue', 'OpenHumanTask']) {
      const versionId = logicalIdAt(template, 'AWS::Lambda::Version', `Baton/Flows/${name}/CurrentVersion/Resource`);
      expect(substitutions[name]).toEqual({ Ref: versionId });
    }
  });

  it('builds a step Lambda used twice into one function', () => {
    // Prepare
    // Act
    const stepLambdaPaths = batonFunctions(template).map(([, fn]) => cdkPathOf(fn)).filter((cdkPath) => cdkPath.startsWith('Baton/Flows/'));

    // Assess
    expect(stepLambdaPaths.sort()).toEqual(['Baton/Flows/CloseIssue/Resource', 'Baton/Flows/OpenHumanTask/Resource']);
  });

  it('lets the state machine invoke its step functions', () => {
    // Prepare
    const roleId = (json.Resources[stateMachineAt()]?.Properties?.RoleArn['Fn::GetAtt'] as [string])[0];
    const closeIssueId = logicalIdAt(template, 'AWS::Lambda::Function', 'Baton/Flows/CloseIssue/Resource');

    // Act
    const statements = policyStatementsOf(template, roleId);

    // Assess
    const invoke = statements.find((statement) => actionsOf([statement]).includes('lambda:InvokeFunction'));
    expect(JSON.stringify(invoke?.Resource)).toContain(JSON.stringify({ 'Fn::GetAtt': [closeIssueId, 'Arn'] }));
  });

  it('lets each step Lambda read the definition its execution runs on', () => {
    // Prepare
    const openTask = json.Resources[logicalIdAt(template, 'AWS::Lambda::Function', 'Baton/Flows/OpenHumanTask/Resource') as string];
    const roleId = (openTask?.Properties?.Role['Fn::GetAtt'] as [string])[0];

    // Act
    const actions = actionsOf(policyStatementsOf(template, roleId));

    // Assess
    expect(actions).toContain('states:DescribeStateMachineForExecution');
  });

  it('has no circular dependency between state machines and the functions they call', () => {
    // Prepare
    // Act
    const cycle = dependencyCycle(json.Resources);

    // Assess
    expect(cycle).toBeUndefined();
  });

  it('logs every transition without execution data, and traces', () => {
    // Prepare
    // Act
    const stateMachine = json.Resources[stateMachineAt()];

    // Assess
    expect(stateMachine?.Properties).toMatchObject({
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [expect.any(Object)] },
    });
  });

  it('tells API handlers each flow’s live alias and lets them start it and answer its executions', () => {
    // Prepare
    const handlerId = logicalIdAt(template, 'AWS::Lambda::Function', 'Baton/HttpApi/FixtureRoute/Resource') as string;
    const handler = json.Resources[handlerId];
    const roleId = (handler?.Properties?.Role['Fn::GetAtt'] as [string])[0];

    // Act
    const arns = handler?.Properties?.Environment.Variables.BATON_STATE_MACHINE_ARNS;
    const actions = actionsOf(policyStatementsOf(template, roleId));

    // Assess
    expect(JSON.stringify(arns)).toContain('product-defect');
    const aliasId = logicalIdAt(template, 'AWS::StepFunctions::StateMachineAlias', 'Baton/Flows/product-defectLiveAlias');
    expect(JSON.stringify(arns)).toContain(JSON.stringify({ 'Fn::GetAtt': [aliasId, 'Arn'] }));
    expect(actions).toEqual(
      expect.arrayContaining(['states:StartExecution', 'states:SendTaskSuccess', 'states:SendTaskFailure', 'states:DescribeExecution']),
    );
  });

  it('alarms on failed and timed-out executions, on each function’s errors and on API 5xx', () => {
    // Prepare
    const metricNames = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties?.MetricName as string);

    // Act
    const count = (name: string) => metricNames.filter((metricName) => metricName === name).length;

    // Assess
    expect(count('ExecutionsFailed')).toBe(1);
    expect(count('ExecutionsTimedOut')).toBe(1);
    expect(count('Errors')).toBe(batonFunctions(template).length);
    expect(count('5xx')).toBe(1);
  });

  it('notifies one alarm topic from every alarm, with an e-mail subscription only when an address is given', synthesizing, async () => {
    // Prepare
    const topicId = logicalIdAt(template, 'AWS::SNS::Topic', 'Baton/Alarms/Topic/Resource');
    const emailSubscriptions = (of: Template) => Object.values(resourcesOf(of, 'AWS::SNS::Subscription')).filter((subscription) => subscription.Properties?.Protocol === 'email');
    const withEmail = await synthesize(withAlarmEmail);

    // Act
    const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'));

    // Assess
    expect(topicId).toBeDefined();
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) expect(alarm.Properties?.AlarmActions).toEqual([{ Ref: topicId }]);
    expect(emailSubscriptions(template)).toEqual([]);
    expect(emailSubscriptions(withEmail)).toHaveLength(1);
    withEmail.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it('synthesizes without a web build, deploying no site content', () => {
    // Prepare
    // Act
    const deployments = template.findResources('Custom::CDKBucketDeployment');

    // Assess
    expect(Object.keys(deployments)).toHaveLength(0);
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
  });
});

describe('a flow file naming a step no function serves', () => {
  it('fails the synth, naming the placeholder and where to declare it', synthesizing, async () => {
    // Prepare
    // Act
    const synth = synthesize(unservedStep);

    // Assess
    await expect(synth).rejects.toThrow(/product-defect\.asl\.json uses \$\{OpenHumanTask\}.*shared\/flows\/step-lambdas\.ts/);
  });
});
