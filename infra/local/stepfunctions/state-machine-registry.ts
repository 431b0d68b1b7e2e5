// The state machines the endpoint knows: registered at start-up from options, or by CreateStateMachine.
import { now } from '#shared/clock.ts';
import { parseRunnableDefinition } from './definition-checks.ts';
import { ServiceError, stateMachineDoesNotExist } from './service-errors.ts';

export interface RegisteredStateMachine {
  stateMachineArn: string;
  name: string;
  definition: string;
  roleArn: string;
  creationDate: number;
}

export interface Arns {
  stateMachine(name: string): string;
  execution(stateMachineName: string, executionName: string): string;
  defaultRoleArn: string;
}

export const arnsFor = (region: string, accountId: string): Arns => ({
  stateMachine: (name) => `arn:aws:states:${region}:${accountId}:stateMachine:${name}`,
  execution: (stateMachineName, executionName) => `arn:aws:states:${region}:${accountId}:execution:${stateMachineName}:${executionName}`,
  defaultRoleArn: `arn:aws:iam::${accountId}:role/baton-local-stepfunctions`,
});

// The service refuses whitespace, brackets, wildcards, punctuation and control characters in names.
const VALID_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

export const assertValidName = (name: string): void => {
  if (!VALID_NAME.test(name)) throw new ServiceError('InvalidName', `Invalid Name: '${name}'`);
};

export class StateMachineRegistry {
  private readonly machines = new Map<string, RegisteredStateMachine>();

  constructor(private readonly arns: Arns) {}

  /**
   * Checks and registers a definition. `replace` (start-up) lets today's file win over an earlier registration;
   * `create` (CreateStateMachine) is idempotent for an identical definition and refuses a different one, like the service.
   */
  register(request: { name: string; definition: string; roleArn?: string }, mode: 'replace' | 'create'): RegisteredStateMachine {
    assertValidName(request.name);
    parseRunnableDefinition(request.definition);
    const stateMachineArn = this.arns.stateMachine(request.name);
    const roleArn = request.roleArn ?? this.arns.defaultRoleArn;
    const existing = this.machines.get(stateMachineArn);
    if (existing && mode === 'create') {
      if (existing.definition === request.definition && existing.roleArn === roleArn) return existing;
      throw new ServiceError('StateMachineAlreadyExists', `State Machine Already Exists: '${stateMachineArn}'`);
    }
    const registered = { stateMachineArn, name: request.name, definition: request.definition, roleArn, creationDate: existing?.creationDate ?? now() };
    this.machines.set(stateMachineArn, registered);
    return registered;
  }

  get(stateMachineArn: string): RegisteredStateMachine {
    const machine = this.machines.get(stateMachineArn);
    if (!machine) throw stateMachineDoesNotExist(stateMachineArn);
    return machine;
  }

  has(stateMachineArn: string): boolean {
    return this.machines.has(stateMachineArn);
  }

  list(): RegisteredStateMachine[] {
    return [...this.machines.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
