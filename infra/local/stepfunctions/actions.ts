// The Step Functions API actions the endpoint answers, request fields named as in the real API.
import { z } from 'zod';
import type { ExecutionStore } from './execution-store.ts';
import type { ExecutionJournal, HistoryEvent } from './journal.ts';
import { ServiceError } from './service-errors.ts';
import type { RegisteredStateMachine, StateMachineRegistry } from './state-machine-registry.ts';
import type { TaskTokenRegistry } from './task-tokens.ts';

export interface ActionServices {
  registry: StateMachineRegistry;
  executions: ExecutionStore;
  tokens: TaskTokenRegistry;
  /** Token answers wait for resumed executions to be listening again. */
  ready: Promise<void>;
}

type Action = (request: unknown, services: ActionServices) => Promise<unknown> | unknown;

/** The wire format (awsJson1_0) carries timestamps as epoch seconds. */
const epochSeconds = (ms: number): number => ms / 1000;

const parse = <T extends z.ZodType>(schema: T, request: unknown): z.infer<T> => {
  const parsed = schema.safeParse(request ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`).join('; ');
    throw new ServiceError('ValidationException', `1 validation error detected: ${detail}`);
  }
  return parsed.data;
};

const paging = { maxResults: z.number().int().min(0).max(1000).optional(), nextToken: z.string().optional() };

const page = <T>(items: T[], maxResults: number | undefined, nextToken: string | undefined, defaultSize: number) => {
  let offset = 0;
  if (nextToken !== undefined) {
    offset = Number.parseInt(Buffer.from(nextToken, 'base64url').toString('utf8'), 10);
    if (!Number.isInteger(offset) || offset < 0) throw new ServiceError('InvalidToken', 'Invalid Token: the nextToken is not valid');
  }
  const size = maxResults || defaultSize;
  const end = offset + size;
  return { items: items.slice(offset, end), ...(end < items.length ? { nextToken: Buffer.from(String(end)).toString('base64url') } : {}) };
};

const describeStateMachine = (machine: RegisteredStateMachine) => ({
  stateMachineArn: machine.stateMachineArn,
  name: machine.name,
  status: 'ACTIVE',
  definition: machine.definition,
  roleArn: machine.roleArn,
  type: 'STANDARD',
  creationDate: epochSeconds(machine.creationDate),
  loggingConfiguration: { level: 'OFF', includeExecutionData: false },
});

const executionSummary = ({ execution, closing, status }: ExecutionJournal) => ({
  executionArn: execution.executionArn,
  stateMachineArn: execution.stateMachineArn,
  name: execution.name,
  status,
  startDate: epochSeconds(execution.startDate),
  ...(closing ? { stopDate: epochSeconds(closing.stopDate) } : {}),
});

const wireEvent = (event: HistoryEvent, includeExecutionData: boolean) => {
  const { timestamp, ...rest } = event;
  const shaped = { ...rest, timestamp: epochSeconds(timestamp) };
  if (includeExecutionData) return shaped;
  return JSON.parse(JSON.stringify(shaped, (key, value: unknown) => (['input', 'output', 'parameters'].includes(key) ? undefined : value))) as unknown;
};

const executionArn = z.object({ executionArn: z.string().min(1) });
const taskToken = z.string().min(1).max(1024);

export const actions: Record<string, Action> = {
  ListStateMachines: (request, { registry }) => {
    const { maxResults, nextToken } = parse(z.object(paging), request);
    const { items, ...rest } = page(registry.list(), maxResults, nextToken, 100);
    const stateMachines = items.map((machine) => ({
      stateMachineArn: machine.stateMachineArn,
      name: machine.name,
      type: 'STANDARD',
      creationDate: epochSeconds(machine.creationDate),
    }));
    return { stateMachines, ...rest };
  },

  DescribeStateMachine: (request, { registry }) => {
    const { stateMachineArn } = parse(z.object({ stateMachineArn: z.string().min(1) }), request);
    return describeStateMachine(registry.get(stateMachineArn));
  },

  CreateStateMachine: (request, { registry }) => {
    const schema = z.object({ name: z.string(), definition: z.string(), roleArn: z.string(), type: z.enum(['STANDARD', 'EXPRESS']).optional() });
    const { name, definition, roleArn, type } = parse(schema, request);
    if (type === 'EXPRESS') throw new ServiceError('ValidationException', 'The local endpoint runs STANDARD state machines only');
    const machine = registry.register({ name, definition, roleArn }, 'create');
    return { stateMachineArn: machine.stateMachineArn, creationDate: epochSeconds(machine.creationDate) };
  },

  StartExecution: async (request, { registry, executions }) => {
    const schema = z.object({ stateMachineArn: z.string().min(1), name: z.string().optional(), input: z.string().optional() });
    const { stateMachineArn, name, input } = parse(schema, request);
    const execution = await executions.start(registry.get(stateMachineArn), {
      ...(name !== undefined ? { name } : {}),
      ...(input !== undefined ? { input } : {}),
    });
    return { executionArn: execution.executionArn, startDate: epochSeconds(execution.startDate) };
  },

  DescribeExecution: async (request, { executions }) => {
    const journal = executions.get(parse(executionArn, request).executionArn);
    const { closing } = journal;
    // A caller told "closed" may act on it: the close must be on disk first.
    if (closing) await journal.durable();
    return {
      ...executionSummary(journal),
      input: journal.execution.input,
      inputDetails: { included: true },
      ...(closing?.output !== undefined ? { output: closing.output, outputDetails: { included: true } } : {}),
      ...(closing?.error !== undefined ? { error: closing.error } : {}),
      ...(closing?.cause !== undefined ? { cause: closing.cause } : {}),
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
    };
  },

  /** The definition an execution runs on: the one stored when it started, whatever is registered now. */
  DescribeStateMachineForExecution: (request, { executions }) => {
    const { execution } = executions.get(parse(executionArn, request).executionArn);
    return {
      stateMachineArn: execution.stateMachineArn,
      name: execution.stateMachineName,
      definition: execution.definition,
      roleArn: execution.roleArn,
      updateDate: epochSeconds(execution.startDate),
    };
  },

  ListExecutions: async (request, { executions }) => {
    const statusFilter = z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']).optional();
    const { stateMachineArn, statusFilter: status, maxResults, nextToken } = parse(
      z.object({ stateMachineArn: z.string().min(1), statusFilter, ...paging }),
      request,
    );
    const matching = status === 'PENDING_REDRIVE' ? [] : executions.list(stateMachineArn, status);
    const { items, ...rest } = page(matching, maxResults, nextToken, 100);
    // As for DescribeExecution: report no close that is not on disk yet.
    await Promise.all(items.filter((journal) => journal.closing).map((journal) => journal.durable()));
    return { executions: items.map(executionSummary), ...rest };
  },

  GetExecutionHistory: async (request, { executions }) => {
    const schema = z.object({
      executionArn: z.string().min(1),
      reverseOrder: z.boolean().optional(),
      includeExecutionData: z.boolean().optional(),
      ...paging,
    });
    const { executionArn: arn, reverseOrder, includeExecutionData, maxResults, nextToken } = parse(schema, request);
    const history = executions.history(arn);
    // The history shows every fact (outcomes, the close): let none be seen before it is on disk.
    await executions.get(arn).durable();
    const ordered = reverseOrder ? [...history].reverse() : history;
    const { items, ...rest } = page(ordered, maxResults, nextToken, 100);
    return { events: items.map((event) => wireEvent(event, includeExecutionData ?? true)), ...rest };
  },

  StopExecution: async (request, { executions }) => {
    const { executionArn: arn, error, cause } = parse(executionArn.extend({ error: z.string().optional(), cause: z.string().optional() }), request);
    return { stopDate: epochSeconds(await executions.stop(arn, error, cause)) };
  },

  SendTaskSuccess: async (request, { tokens, ready }) => {
    const { taskToken: token, output } = parse(z.object({ taskToken, output: z.string() }), request);
    if (output.length > 262_144) {
      throw new ServiceError('ValidationException', "1 validation error detected: Value at 'output' failed to satisfy constraint: Member must have length less than or equal to 262144");
    }
    let parsedOutput: unknown;
    try {
      parsedOutput = JSON.parse(output);
    } catch {
      throw new ServiceError('InvalidOutput', 'Invalid Output: the output is not valid JSON');
    }
    await ready;
    await tokens.waiterFor(token).succeed(parsedOutput);
    return {};
  },

  SendTaskFailure: async (request, { tokens, ready }) => {
    const { taskToken: token, error, cause } = parse(z.object({ taskToken, error: z.string().max(256).optional(), cause: z.string().max(32_768).optional() }), request);
    await ready;
    await tokens.waiterFor(token).fail(error ?? '', cause ?? '');
    return {};
  },

  SendTaskHeartbeat: async (request, { tokens, ready }) => {
    const { taskToken: token } = parse(z.object({ taskToken }), request);
    await ready;
    await tokens.waiterFor(token).heartbeat();
    return {};
  },
};
