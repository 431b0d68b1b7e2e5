// One Step Functions state machine per flow, loaded unchanged from workflows/<flowId>.asl.json; the
// ASL's `${Placeholder}` names are filled with the ARNs of the step Lambdas' published versions.
// Every deployment that changes a flow publishes a state machine version and moves the flow's
// `live` alias to it: new issues start on the alias, issues in flight finish on the version (and
// the Lambda versions it names) they started with. Old versions are retained, never deleted.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnStateMachineAlias, CfnStateMachineVersion, DefinitionBody, LogLevel, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { flowVersionOf } from '#shared/flows/asl.ts';
import { flowIds, type FlowId } from '#shared/flows/catalog.ts';
import { BatonFunction, type FlowTarget } from './baton-function.ts';
import { projectRoot } from './project-paths.ts';

/** The Lambda behind one ASL placeholder: its construct id and its handler module. */
export interface StepLambda {
  id: string;
  entry: string;
  /** The Lambda itself answers a waiting task of its execution (SendTaskSuccess). */
  answersTasks?: boolean;
}
export type StepLambdaTable = Readonly<Record<string, StepLambda>>;

/** The `${Name}` placeholders an ASL text uses, each once, in order of first use. */
export function aslPlaceholders(aslText: string): string[] {
  return [...new Set(Array.from(aslText.matchAll(/\$\{(\w+)\}/g), (match) => match[1] as string))];
}

export const aslFileOf = (workflowsDir: string, flowId: FlowId) => path.join(workflowsDir, `${flowId}.asl.json`);

export interface FlowsProps {
  table: ITable;
  /** Folder holding `<flowId>.asl.json`; a flow without a file is not deployed (yet). */
  workflowsDir: string;
  /** The step Lambdas by placeholder: `stepLambdas` of shared/flows/step-lambdas.ts. */
  stepLambdas: StepLambdaTable;
}

/** The alias every new issue starts on; deployments move it to the version they publish. */
export const liveAliasName = 'live';

export class Flows extends Construct {
  readonly stateMachines = new Map<FlowId, StateMachine>();
  /** What the handlers that start issues are bound to: each flow's state machine and its live alias. */
  readonly targets = new Map<FlowId, FlowTarget>();
  /** The step Lambdas the deployed flows call, one per id however many flows share it. */
  readonly stepLambdas = new Map<string, BatonFunction>();
  /** Kept apart from each step Lambda's own policy, which the function depends on: see below. */
  readonly executionPolicies = new Map<string, Policy>();

  constructor(scope: Construct, id: string, props: FlowsProps) {
    super(scope, id);
    for (const flowId of flowIds) {
      const aslFile = aslFileOf(props.workflowsDir, flowId);
      if (!existsSync(aslFile)) continue;

      const aslText = readFileSync(aslFile, 'utf8');
      const functions = aslPlaceholders(aslText).map((placeholder) => [placeholder, this.stepLambdaFor(placeholder, aslFile, props)] as const);
      const stateMachine = new StateMachine(this, flowId, {
        definitionBody: DefinitionBody.fromFile(aslFile),
        // Versions, not $LATEST: an execution keeps calling the code its definition was deployed with.
        definitionSubstitutions: Object.fromEntries(functions.map(([placeholder, fn]) => [placeholder, fn.currentVersion.functionArn])),
        tracingEnabled: true,
        logs: {
          destination: new LogGroup(this, `${flowId}Logs`, {
            retention: RetentionDays.ONE_MONTH,
            removalPolicy: RemovalPolicy.DESTROY,
          }),
          level: LogLevel.ALL,
          // Payloads carry task tokens and customer text: the log records transitions only.
          includeExecutionData: false,
        },
      });
      for (const [placeholder, fn] of functions) {
        // On the function and all its versions (`<arn>:*`): executions on older versions call older Lambda versions.
        fn.grantInvoke(stateMachine);
        this.allowReadingExecutions(fn, stateMachine, props.stepLambdas[placeholder]?.answersTasks === true);
      }
      this.stateMachines.set(flowId, stateMachine);
      this.targets.set(flowId, { stateMachine, startArn: this.publishLive(flowId, stateMachine, flowVersionOf(JSON.parse(aslText) as { Comment?: string })) });
    }
  }

  /**
   * Publishes the state machine's current revision as a version and points the `live` alias at it;
   * returns the alias ARN. A new revision replaces the version resource, and RETAIN keeps the old
   * one (UpdateReplacePolicy and DeletionPolicy), so executions started on it run to their end.
   */
  private publishLive(flowId: FlowId, stateMachine: StateMachine, flowVersion: number): string {
    const version = new CfnStateMachineVersion(this, `${flowId}Version`, {
      stateMachineArn: stateMachine.stateMachineArn,
      stateMachineRevisionId: stateMachine.stateMachineRevisionId,
      description: `Baton flow version ${flowVersion}`,
    });
    version.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const alias = new CfnStateMachineAlias(this, `${flowId}LiveAlias`, {
      name: liveAliasName,
      description: `New ${flowId} issues start here.`,
      routingConfiguration: [{ stateMachineVersionArn: version.attrArn, weight: 100 }],
    });
    return alias.attrArn;
  }

  private stepLambdaFor(placeholder: string, aslFile: string, props: FlowsProps): BatonFunction {
    const step = props.stepLambdas[placeholder];
    if (!step) {
      // Deploying would fail later with a cryptic "invalid ARN": say here what is missing and where.
      throw new Error(
        `${path.relative(projectRoot, aslFile)} uses \${${placeholder}}, which no step Lambda serves: ` +
          `add it to stepLambdas in shared/flows/step-lambdas.ts.`,
      );
    }
    let fn = this.stepLambdas.get(step.id);
    if (!fn) {
      // Retained: executions in flight keep calling the version their definition names.
      fn = new BatonFunction(this, step.id, { entry: step.entry, currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN } }).bindTable(
        props.table,
        'readWrite',
      );
      this.stepLambdas.set(step.id, fn);
    }
    return fn;
  }

  /**
   * A step Lambda reads the definition its execution runs on (issues finish on the flow version they
   * started with). Granted in a policy of its own: the state machine already depends on the function
   * (its ARN is substituted into the definition) and the function on its default policy, so a grant
   * there naming the state machine would be a circular dependency.
   */
  private allowReadingExecutions(fn: BatonFunction, stateMachine: StateMachine, answersTasks: boolean) {
    let policy = this.executionPolicies.get(fn.node.id);
    if (!policy) {
      policy = new Policy(this, `${fn.node.id}ExecutionsPolicy`, { roles: fn.role ? [fn.role] : [] });
      this.executionPolicies.set(fn.node.id, policy);
    }
    policy.addStatements(
      new PolicyStatement({
        actions: ['states:DescribeStateMachineForExecution', 'states:DescribeExecution'],
        resources: [
          Stack.of(this).formatArn({
            service: 'states',
            resource: 'execution',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            resourceName: `${stateMachine.stateMachineName}:*`,
          }),
        ],
      }),
    );
    if (answersTasks) {
      policy.addStatements(
        new PolicyStatement({
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
          resources: [stateMachine.stateMachineArn],
        }),
      );
    }
  }
}
