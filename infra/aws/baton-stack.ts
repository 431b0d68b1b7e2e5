// Baton on AWS: the table, the flows, the HTTP API, staff identity, the web UI and their alarms.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { routes as sharedRoutes, type Route } from '#shared/api/routes.ts';
import { stepLambdas as sharedStepLambdas } from '#shared/flows/step-lambdas.ts';
import { BatonAlarms } from './alarms.ts';
import { Flows, type StepLambdaTable } from './flows.ts';
import { BatonHttpApi } from './http-api.ts';
import { Identity } from './identity.ts';
import { IssueTable } from './issue-table.ts';
import { acknowledgeNagFindings } from './nag-suppressions.ts';
import { projectPaths } from './project-paths.ts';
import { Notifications } from './notifications.ts';
import { Sweeper } from './sweeper.ts';
import { WebSite } from './web-site.ts';

/** Everything defaults to the project's own sources; tests point parts of it elsewhere. */
export interface BatonStackProps extends StackProps {
  routes?: readonly Route[];
  workflowsDir?: string;
  stepLambdas?: StepLambdaTable;
  webDistDir?: string;
  /** An e-mail address subscribed to the alarm topic (context `alarmEmail` in app.ts). */
  alarmEmail?: string;
  /** Baton's From address, an SES identity (context `baton:senderEmail` in app.ts). */
  senderEmail?: string;
}

export class BatonStack extends Stack {
  constructor(scope: Construct, id: string, props: BatonStackProps = {}) {
    super(scope, id, props);

    const table = new IssueTable(this, 'IssueTable');
    const identity = new Identity(this, 'Identity');
    const flows = new Flows(this, 'Flows', {
      table,
      workflowsDir: props.workflowsDir ?? projectPaths.workflows,
      stepLambdas: props.stepLambdas ?? sharedStepLambdas,
    });
    // Proves a request came through CloudFront, so the rate limits may key on the viewer's address
    // CloudFront measured rather than on CloudFront's own (shared/http/RATE-LIMITS.md).
    const edgeSecretResource = new Secret(this, 'EdgeSecret', {
      description: 'Sent by CloudFront with every /api/* request; the rate-limited handlers compare it.',
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
    });
    const edgeSecret = edgeSecretResource.secretValue.unsafeUnwrap();
    const routes = props.routes ?? sharedRoutes;
    const httpApi = new BatonHttpApi(this, 'HttpApi', {
      routes,
      table,
      identity,
      flows: flows.targets,
      edgeSecret,
    });
    const site = new WebSite(this, 'WebSite', {
      apiDomainName: httpApi.domainName,
      edgeSecret,
      webDistDir: props.webDistDir ?? projectPaths.webDist,
      signInOrigin: identity.signInOrigin,
    });
    const sweeper = new Sweeper(this, 'Sweeper', { table, flows: flows.targets });
    const notifications = new Notifications(this, 'Notifications', { table, senderEmail: props.senderEmail ?? 'baton@example.com', siteUrl: site.url, identity });
    const notificationFunctions = [notifications.sender, notifications.sweep, notifications.feedback];
    const alarms = new BatonAlarms(this, 'Alarms', {
      stateMachines: flows.stateMachines,
      functions: new Map([
        ...httpApi.routeFunctions,
        ...flows.stepLambdas,
        ['Sweeper', sweeper.function],
        ['OutboxSender', notifications.sender],
        ['OutboxSweep', notifications.sweep],
        ['MailFeedback', notifications.feedback],
      ]),
      apiStage: httpApi.stage,
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });

    acknowledgeNagFindings({
      table,
      stateMachines: flows.stateMachines,
      stepLambdas: flows.stepLambdas,
      executionPolicies: [...flows.executionPolicies.values()],
      functions: [...httpApi.routeFunctions.values(), ...flows.stepLambdas.values(), sweeper.function, ...notificationFunctions],
      httpApi,
      routes,
      edgeSecret: edgeSecretResource,
      userPool: identity.userPool,
      webSite: site,
      deadLetterQueues: [notifications.deadLetters],
    });

    new CfnOutput(this, 'ApiUrl', { value: httpApi.stage.url, description: 'The HTTP API, called directly.' });
    new CfnOutput(this, 'SiteUrl', { value: site.url, description: 'The web UI; its /api/* is the same API.' });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn, description: 'Every alarm notifies this topic: subscribe whoever must know.' });
    new CfnOutput(this, 'UserPoolId', { value: identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: identity.webClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: table.tableName });
  }
}
