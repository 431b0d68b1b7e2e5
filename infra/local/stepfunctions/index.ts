// The local Step Functions endpoint: the Step Functions JSON API on 127.0.0.1, ASL run by aws-local-stepfunctions,
// executions journaled under `${dataDir}/stepfunctions/` and resumed after a restart.
import { systemClock, useClock, type Clock } from '#shared/clock.ts';
import { actions, type ActionServices } from './actions.ts';
import { ExecutionStore } from './execution-store.ts';
import { serveJsonProtocol } from './json-protocol.ts';
import { signatureVerifier } from '#infra/local/request-signature.ts';
import { localAccountId, localCredentials, localRegion, type LocalCredentials } from '#infra/local/local-credentials.ts';
import { ServiceError } from './service-errors.ts';
import { arnsFor, StateMachineRegistry } from './state-machine-registry.ts';
import type { InvokeLambda } from './task-steps.ts';
import { TaskTokenRegistry } from './task-tokens.ts';

export type { InvokeLambda, LambdaInvocation } from './task-steps.ts';

export interface StepFunctionsEndpointOptions {
  /**
   * Journals live under `${dataDir}/stepfunctions/`; the access key every request must be signed with is the
   * folder's (`credentials.json`, created on the first start).
   */
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Multiplies TimeoutSeconds, HeartbeatSeconds, Wait Seconds/SecondsPath and Retry intervals; default 1. */
  timeFactor?: number;
  /**
   * Installed as the process's clock (shared/clock.ts) until close: timeouts, heartbeats, Waits, retries and history
   * timestamps follow it, so a test can move it (infra/local/clock/movable-clock.ts). Default: whatever clock the process has.
   */
  clock?: Clock;
  region?: string;
  accountId?: string;
  /**
   * Runs a Lambda in-process. `functionName` is the FunctionName (or function ARN) from the ASL. A step re-run after a
   * crash calls it again with the same `invocation.idempotencyKey`: side effects must be keyed by it.
   */
  invokeLambda: InvokeLambda;
  /** ASL JSON text with placeholders already substituted. Invalid or unsupported definitions make the start fail. */
  stateMachines: Array<{ name: string; definition: string; roleArn?: string }>;
}

export interface StepFunctionsEndpoint {
  url: string;
  /** What a client signs with (SigV4, service `states`, in `region`); any other signature is refused. */
  credentials: LocalCredentials;
  region: string;
  /** Resolves once every running execution found in the journal is resumed (waiting tokens answerable again). */
  ready: Promise<void>;
  /** Stops serving; running executions stay journaled and resume on the next start with the same dataDir. */
  close(): Promise<void>;
}

export const startStepFunctionsEndpoint = async (options: StepFunctionsEndpointOptions): Promise<StepFunctionsEndpoint> => {
  if (options.clock) useClock(options.clock);
  const region = options.region ?? localRegion;
  const credentials = localCredentials(options.dataDir);
  const arns = arnsFor(region, options.accountId ?? localAccountId);
  const registry = new StateMachineRegistry(arns);
  for (const machine of options.stateMachines) {
    try {
      registry.register(machine, 'replace');
    } catch (error) {
      throw new Error(`State machine '${machine.name}' cannot run on the local endpoint: ${(error as Error).message}`, { cause: error });
    }
  }
  const tokens = new TaskTokenRegistry();
  const executions = new ExecutionStore(options.dataDir, registry, arns, {
    tokens,
    invokeLambda: options.invokeLambda,
    timeFactor: options.timeFactor ?? 1,
    region,
  });
  const ready = executions.resumeAll();
  ready.catch(() => undefined);
  const services: ActionServices = { registry, executions, tokens, ready };
  const server = await serveJsonProtocol(options.port ?? 0, async (action, request) => {
    const handler = Object.hasOwn(actions, action) ? actions[action] : undefined;
    if (!handler) throw new ServiceError('UnknownOperationException', `Unknown operation: ${action}`);
    return handler(request, services);
  }, signatureVerifier(credentials, region));
  return {
    url: server.url,
    credentials,
    region,
    ready,
    close: async () => {
      await server.close();
      await executions.close();
      if (options.clock) useClock(systemClock);
    },
  };
};
