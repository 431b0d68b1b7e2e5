// Every AwsSolutions (cdk-nag) finding Baton accepts, each with its reason, in one place. The checks
// run on every synth (app.ts) and in tests/infra/aws-solutions.test.ts, which fails on any finding
// not acknowledged here. v3 acknowledges each finding by its exact id: IAM5 ids name the resource
// the wildcard hangs off, so they are built from the logical ids of Baton's own resources.
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { CfnRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { IConstruct } from 'constructs';
import { routeKey, type Route } from '#shared/api/routes.ts';
import type { BatonFunction } from './baton-function.ts';

export interface NagScope {
  table: IConstruct;
  stateMachines: ReadonlyMap<string, StateMachine>;
  stepLambdas: ReadonlyMap<string, BatonFunction>;
  /** The step Lambdas' policies on their flows' executions (Flows.executionPolicies). */
  executionPolicies: Iterable<IConstruct>;
  /** Every Baton function (routes, steps, sweeper). */
  functions: Iterable<BatonFunction>;
  httpApi: IConstruct;
  routes: readonly Route[];
  edgeSecret: IConstruct;
  userPool: IConstruct;
  webSite: IConstruct;
  /** Queues that are themselves dead-letter queues (the outbox sender's failed stream batches). */
  deadLetterQueues: Iterable<IConstruct>;
}

const acknowledge = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id: `AwsSolutions-${id}`, reason });

/** `<LogicalId.Arn>`-style names as cdk-nag writes them in IAM5 finding ids. */
function logicalIdOf(construct: IConstruct): string {
  const resource = construct instanceof CfnResource ? construct : (construct.node.defaultChild as CfnResource);
  const stack = Stack.of(resource);
  return stack.resolve(stack.getLogicalId(resource)) as string;
}

export function acknowledgeNagFindings(scope: NagScope): void {
  const tableId = logicalIdOf(scope.table);

  for (const fn of scope.functions) {
    acknowledge(fn, 'L1', 'Node 22 is pinned on purpose: the bundles target node22 and the tests run on it; upgrading is a deliberate change, not a drift.');
    acknowledge(
      fn,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'The standard Lambda logging policy: writing its own logs is all it allows.',
    );
    acknowledge(fn, 'IAM5[Resource::*]', 'X-Ray (tracing is on for every function) accepts no resource narrower than *.');
    acknowledge(fn, `IAM5[Resource::<${tableId}.Arn>/index/*]`, 'The handlers query the indexes of Baton’s own table, each named in shared/data/table-definition.ts.');
  }

  for (const [, stateMachine] of scope.stateMachines) {
    const stateMachineId = logicalIdOf(stateMachine);
    acknowledge(stateMachine, 'IAM5[Resource::*]', 'X-Ray tracing and CloudWatch Logs delivery of the state machine accept no narrower resource.');
    for (const [, fn] of scope.stepLambdas) {
      acknowledge(
        stateMachine,
        `IAM5[Resource::<${logicalIdOf(fn)}.Arn>:*]`,
        'Every published version of the step Lambda: executions in flight call the versions their definition was deployed with.',
      );
    }
    const executions = 'Executions are named by issue id, unknown at deployment; the grant stays within this flow’s own executions.';
    const byName = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<${stateMachineId}.Name>:*`;
    const byArn = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${stateMachineId}"}]}]}:*`;
    for (const fn of scope.functions) acknowledge(fn, `IAM5[Resource::${byArn}]`, executions);
    for (const policy of scope.executionPolicies) acknowledge(policy, `IAM5[Resource::${byName}]`, executions);
  }

  const publicRoutes = new Set(scope.routes.filter((route) => route.auth === 'public').map(routeKey));
  for (const child of scope.httpApi.node.findAll()) {
    if (child instanceof CfnRoute && publicRoutes.has(child.routeKey)) {
      acknowledge(child, 'APIG4', 'A public route by design (intake, tracking, health, API description): customers have no account. Abuse is limited per address by the handlers and by the stage throttle.');
    }
  }

  acknowledge(
    scope.edgeSecret,
    'SMG4',
    'CloudFront sends this value as an origin header fixed at deployment; a rotation would not reach the distribution, so it changes by redeploying.',
  );

  // The user pool is the sign-in engineer's (infra/aws/identity.ts); these stand until sign-in decides MFA and the feature plan.
  acknowledge(scope.userPool, 'COG2', 'Staff MFA is not required yet: sign-in (web/ and the users CLI) does not offer a second factor.');
  acknowledge(scope.userPool, 'COG8', 'The Essentials feature plan covers password sign-in for staff; Plus (threat protection) is a cost decision not taken here.');

  for (const queue of scope.deadLetterQueues) {
    acknowledge(queue, 'SQS3', 'This queue is the dead-letter destination of the outbox sender’s stream mapping; a dead-letter queue of its own would only move the same records once more.');
  }

  // The site is the edge engineer's (infra/aws/web-site.ts).
  acknowledge(scope.webSite, 'S1', 'The bucket holds only the built web UI, private behind CloudFront’s origin access control; no one reads it directly.');
  acknowledge(scope.webSite, 'CFR1', 'Customers may write from any country: no geographic restriction.');
  acknowledge(scope.webSite, 'CFR2', 'No WAF: the API stage is throttled and intake and tracking are rate-limited per viewer address by the handlers.');
  acknowledge(scope.webSite, 'CFR3', 'No CloudFront access log bucket: API requests are logged by the API stage and the handlers.');
  acknowledge(scope.webSite, 'CFR4', 'The distribution uses the default *.cloudfront.net certificate, whose TLS policy CloudFront sets; a custom domain would set TLSv1.2_2021.');
}
