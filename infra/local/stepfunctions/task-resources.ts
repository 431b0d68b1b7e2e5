// The Task resources the endpoint runs, and how each appears in the execution history.
export type TaskResource =
  | { kind: 'lambda-invoke'; resourceType: 'lambda'; resource: 'invoke' }
  | { kind: 'lambda-callback'; resourceType: 'lambda'; resource: 'invoke.waitForTaskToken' }
  | { kind: 'lambda-function'; functionArn: string };

const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;

export const classifyTaskResource = (resource: unknown): TaskResource | undefined => {
  if (resource === 'arn:aws:states:::lambda:invoke') return { kind: 'lambda-invoke', resourceType: 'lambda', resource: 'invoke' };
  if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
    return { kind: 'lambda-callback', resourceType: 'lambda', resource: 'invoke.waitForTaskToken' };
  }
  if (typeof resource === 'string' && LAMBDA_FUNCTION_ARN.test(resource)) return { kind: 'lambda-function', functionArn: resource };
  return undefined;
};
