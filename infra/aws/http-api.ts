// The HTTP API: one Lambda per route of the shared route table, staff routes behind Cognito JWTs.
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Route } from '#shared/api/routes.ts';
import { BatonFunction, type FlowTarget } from './baton-function.ts';
import type { Identity } from './identity.ts';

export interface BatonHttpApiProps {
  routes: readonly Route[];
  table: ITable;
  identity: Identity;
  /** Each flow's state machine and live alias (Flows.targets). */
  flows: ReadonlyMap<string, FlowTarget>;
  /** CloudFront's edge secret, given to the handlers that rate-limit per client address. */
  edgeSecret: string;
}

export class BatonHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly routeFunctions = new Map<string, BatonFunction>();

  constructor(scope: Construct, id: string, props: BatonHttpApiProps) {
    super(scope, id);
    // No CORS: the web UI reaches the API through the same CloudFront distribution (`/api/*`).
    this.api = new HttpApi(this, 'Api', { apiName: Stack.of(this).stackName, createDefaultStage: false });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      // A ceiling for the whole API; per-address limits for intake and tracking are the handlers' job.
      throttle: { rateLimit: 100, burstLimit: 200 },
      // One line per request: what was called, how it ended and how long it took. No addresses or
      // bodies: the customer's data stays in DynamoDB.
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
        ),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    const staffAuthorizer = new HttpJwtAuthorizer('StaffJwt', props.identity.issuerUrl, {
      jwtAudience: [props.identity.webClient.userPoolClientId],
    });
    const authorizers: Record<Route['auth'], IHttpRouteAuthorizer | undefined> = {
      public: undefined,
      staff: staffAuthorizer,
    };

    for (const route of props.routes) {
      // Served by the local identity only; on AWS, Cognito does this job.
      if (route.localOnly) continue;
      const fn = new BatonFunction(this, route.id, { entry: route.entry, description: `${route.method} ${route.path}`, withWorkflows: route.readsWorkflows });
      if (route.tableAccess !== 'none') fn.bindTable(props.table, route.tableAccess);
      if (route.stateMachines) fn.bindStateMachines(props.flows);
      if (route.limitsClients) fn.addEnvironment('BATON_EDGE_SECRET', props.edgeSecret);
      if (route.readsIdentityConfig) for (const [name, value] of Object.entries(props.identity.browserConfig)) fn.addEnvironment(name, value);
      if (route.readsStaffDirectory) props.identity.bindStaffDirectory(fn);
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn),
        authorizer: authorizers[route.auth],
      });
      this.routeFunctions.set(route.id, fn);
    }
  }

  /** The API's host name, for CloudFront to use as the `/api/*` origin. */
  get domainName(): string {
    const stack = Stack.of(this);
    return `${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
  }
}
