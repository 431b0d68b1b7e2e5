// The scheduled sweeper: repairs flows that never started, completions whose callback never
// arrived, and task items that no longer match a waiting step (shared/flows/repair.ts), on the rate of shared/scheduled-lambdas.ts.
import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { scheduledLambdas } from '#shared/scheduled-lambdas.ts';
import { BatonFunction, type FlowTarget } from './baton-function.ts';

export interface SweeperProps {
  table: ITable;
  flows: ReadonlyMap<string, FlowTarget>;
}

export class Sweeper extends Construct {
  readonly function: BatonFunction;

  constructor(scope: Construct, id: string, props: SweeperProps) {
    super(scope, id);
    this.function = new BatonFunction(this, 'Sweeper', { entry: scheduledLambdas.Sweeper.entry, timeout: Duration.minutes(2) })
      .bindTable(props.table, 'readWrite')
      .bindStateMachines(props.flows);
    // The repair reads executions (ListExecutions, GetExecutionHistory) to settle what DynamoDB cannot tell.
    for (const { stateMachine } of props.flows.values()) stateMachine.grantRead(this.function);
    new Rule(this, 'EveryFiveMinutes', { schedule: Schedule.rate(Duration.minutes(scheduledLambdas.Sweeper.everyMinutes)), targets: [new LambdaFunction(this.function)] });
  }
}
