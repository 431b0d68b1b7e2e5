// Alarms on what must never go unnoticed: failed or timed-out executions, handler errors, API 5xx.
// Every alarm notifies one SNS topic; an e-mail address given at deployment is subscribed to it
// (`npx cdk deploy -c alarmEmail=ops@example.com`), and anything else (chat, paging) can subscribe too.
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IHttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface BatonAlarmsProps {
  stateMachines: ReadonlyMap<string, IStateMachine>;
  functions: ReadonlyMap<string, IFunction>;
  apiStage: IHttpStage;
  /** Subscribed to the alarm topic when given. */
  alarmEmail?: string;
}

// Counts over five minutes: one failure is enough to look.
const fiveMinuteSum = { period: Duration.minutes(5), statistic: Stats.SUM };

export class BatonAlarms extends Construct {
  readonly alarms: Alarm[] = [];
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: BatonAlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Baton alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    for (const [flowId, stateMachine] of props.stateMachines) {
      this.alarmOnAny(`${flowId}ExecutionsFailed`, stateMachine.metricFailed(fiveMinuteSum), `Executions of ${flowId} failed.`);
      this.alarmOnAny(`${flowId}ExecutionsTimedOut`, stateMachine.metricTimedOut(fiveMinuteSum), `Executions of ${flowId} timed out.`);
    }
    for (const [functionId, fn] of props.functions) {
      this.alarmOnAny(`${functionId}Errors`, fn.metricErrors(fiveMinuteSum), `${functionId} threw errors.`);
    }
    this.alarmOnAny('ApiServerErrors', props.apiStage.metricServerError(fiveMinuteSum), 'The HTTP API answered with 5xx.');
  }

  private alarmOnAny(id: string, metric: IMetric, description: string) {
    const alarm = new Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
