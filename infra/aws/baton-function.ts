// Every Baton Lambda: one set of defaults, and intent methods that grant and configure in one call.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { entryPath, projectPaths, projectRoot } from './project-paths.ts';

export type TableAccessMode = 'read' | 'readWrite';

export interface BatonFunctionProps extends Pick<NodejsFunctionProps, 'description' | 'memorySize' | 'timeout' | 'currentVersionOptions'> {
  /** Handler module relative to the project root, as the route and step tables give it. */
  entry: string;
  /** Bundle the flow files (workflows/*.asl.json) with the handler, for handlers that read them (the map, the flow list, a completion finding the steps it opens at once). */
  withWorkflows?: boolean;
}

// The handlers are ESM; packages bundled from CommonJS still call require().
const esmRequireBanner = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** A flow as the handlers that start issues see it: its state machine, and the ARN new issues start on (its live alias). */
export interface FlowTarget {
  stateMachine: IStateMachine;
  startArn: string;
}

export class BatonFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, { entry, withWorkflows, ...props }: BatonFunctionProps) {
    super(scope, id, {
      entry: entryPath(entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: projectPaths.lockFile,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup: new LogGroup(scope, `${id}Logs`, {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      environment: {
        BATON_MODE: 'aws',
        POWERTOOLS_SERVICE_NAME: 'baton',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: esmRequireBanner,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The Node 22 runtime ships the v3 SDK; everything else is bundled.
        externalModules: ['@aws-sdk/*'],
        ...(withWorkflows
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                // The ASL files travel with the bundle; the handler reads them from LAMBDA_TASK_ROOT/workflows.
                afterBundling: (inputDir: string, outputDir: string) => [
                  `mkdir -p "${outputDir}/workflows"`,
                  `cp "${inputDir}"/workflows/*.asl.json "${outputDir}/workflows/"`,
                ],
              },
            }
          : {}),
      },
      ...props,
    });
  }

  /** Lets the handler use Baton's table, and tells it the table's name. */
  bindTable(table: ITable, accessMode: TableAccessMode): this {
    if (accessMode === 'readWrite') table.grantReadWriteData(this);
    else table.grantReadData(this);
    this.addEnvironment('BATON_TABLE_NAME', table.tableName);
    return this;
  }

  /**
   * Lets the handler start issues on each flow's live alias, follow their executions and answer
   * waiting tasks, and tells it the alias ARNs as `BATON_STATE_MACHINE_ARNS`: `{ [flowId]: arn }`.
   */
  bindStateMachines(flows: ReadonlyMap<string, FlowTarget>): this {
    const arns: Record<string, string> = {};
    for (const [flowId, { stateMachine, startArn }] of flows) {
      // StartExecution through an alias is authorized on the alias ARN, not the state machine's.
      this.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [startArn] }));
      stateMachine.grantTaskResponse(this);
      stateMachine.grantExecution(this, 'states:DescribeExecution');
      arns[flowId] = startArn;
    }
    this.addEnvironment('BATON_STATE_MACHINE_ARNS', Stack.of(this).toJsonString(arns));
    return this;
  }
}
