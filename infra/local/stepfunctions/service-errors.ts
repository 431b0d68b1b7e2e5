// Errors the endpoint returns as `{"__type": code, "message": ...}` with HTTP 400, like the service.
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export const executionDoesNotExist = (executionArn: string): ServiceError =>
  new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);

export const stateMachineDoesNotExist = (stateMachineArn: string): ServiceError =>
  new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);

export const invalidDefinition = (reason: string): ServiceError => new ServiceError('InvalidDefinition', reason);
