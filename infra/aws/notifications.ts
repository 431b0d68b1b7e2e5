// The outbox sender on AWS: a Lambda triggered by the table's stream (only new outbox messages pass
// the filter), a scheduled sweep for retries and anything the stream missed, Amazon SES with Baton's
// sender identity and a configuration set whose bounces and complaints reach a recorder through SNS.
// The code is the local runtime's (functions/notifications/); see shared/notifications/README.md.
import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SnsEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { scheduledLambdas } from '#shared/scheduled-lambdas.ts';
import { BatonFunction } from './baton-function.ts';
import type { Identity as StaffIdentity } from './identity.ts';

export interface NotificationsProps {
  table: ITable;
  /** The From address: verified as an SES identity (CDK context `baton:senderEmail`). */
  senderEmail: string;
  /** Where links in e-mails point (the site's URL). */
  siteUrl: string;
  /** Where staff members' addresses are kept (the user pool's `email`): the sender reads them. */
  identity: StaffIdentity;
}

export class Notifications extends Construct {
  readonly sender: BatonFunction;
  readonly sweep: BatonFunction;
  readonly feedback: BatonFunction;
  readonly configurationSet: ConfigurationSet;
  readonly identity: EmailIdentity;
  readonly deadLetters: Queue;
  readonly feedbackTopic: Topic;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.identity = new EmailIdentity(this, 'SenderIdentity', { identity: Identity.email(props.senderEmail) });
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {});
    this.feedbackTopic = new Topic(this, 'Feedback', { enforceSSL: true, displayName: 'Baton: SES bounces and complaints' });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.feedbackTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    const mailEnvironment = {
      BATON_SITE_URL: props.siteUrl,
      BATON_SENDER_EMAIL: props.senderEmail,
      BATON_SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
    };
    // SES authorizes a send on the identity and on the configuration set it names: only Baton's own.
    const stack = Stack.of(this);
    const sendMail = new PolicyStatement({
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [
        this.identity.emailIdentityArn,
        stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
      ],
    });

    const sendsMail = (fn: BatonFunction) => {
      fn.addToRolePolicy(sendMail);
      props.identity.bindStaffDirectory(fn);
      for (const [name, value] of Object.entries(mailEnvironment)) fn.addEnvironment(name, value);
      return fn;
    };

    this.sender = sendsMail(new BatonFunction(this, 'Sender', { entry: 'functions/notifications/send-outbox.ts', timeout: Duration.seconds(60) }).bindTable(props.table, 'readWrite'));
    this.deadLetters = new Queue(this, 'SenderFailures', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    this.sender.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        // A batch that fails is halved until the one bad record is found; each is retried, then recorded in the queue.
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(24),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetters),
        // Only new outbox messages start the sender: every other change of the table costs no invocation.
        filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('outbox') } } } })],
      }),
    );

    this.sweep = sendsMail(new BatonFunction(this, 'Sweep', { entry: scheduledLambdas.OutboxSweep.entry, timeout: Duration.minutes(2) }).bindTable(props.table, 'readWrite'));
    new Rule(this, 'SweepEveryFiveMinutes', { schedule: Schedule.rate(Duration.minutes(scheduledLambdas.OutboxSweep.everyMinutes)), targets: [new LambdaFunction(this.sweep)] });

    this.feedback = new BatonFunction(this, 'FeedbackRecorder', { entry: 'functions/notifications/record-feedback.ts' }).bindTable(props.table, 'readWrite');
    this.feedback.addEventSource(new SnsEventSource(this.feedbackTopic));
  }
}
