// Alarms on what must never go unnoticed: failed or timed-out executions, handler errors, API 5xx.
// They have no actions yet: subscribe a topic (or a chat integration) to them per deployment.
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IHttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface BatonAlarmsProps {
  stateMachines: ReadonlyMap<string, IStateMachine>;
  functions: ReadonlyMap<string, IFunction>;
  apiStage: IHttpStage;
}

// Counts over five minutes: one failure is enough to look.
const fiveMinuteSum = { period: Duration.minutes(5), statistic: Stats.SUM };

export class BatonAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: BatonAlarmsProps) {
    super(scope, id);
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
    this.alarms.push(
      new Alarm(this, id, {
        metric,
        alarmDescription: description,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
