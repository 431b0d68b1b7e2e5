// Runs the endpoint in its own process so a test can SIGKILL it; every Lambda call is appended (fsync'd) to SIDE_EFFECTS_FILE.
import { startStepFunctionsEndpoint } from '../../../../infra/local/stepfunctions/index.ts';
import { fixture, recordSideEffect } from './endpoint-harness.ts';

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const sideEffectsFile = required('SIDE_EFFECTS_FILE');

const endpoint = await startStepFunctionsEndpoint({
  dataDir: required('DATA_DIR'),
  invokeLambda: async (functionName, payload, invocation) => {
    recordSideEffect(sideEffectsFile, { functionName, payload: payload as Record<string, unknown>, invocation });
    return { ok: true };
  },
  stateMachines: [
    { name: 'callback-task', definition: fixture('callback-task.asl.json') },
    { name: 'parallel-callbacks', definition: fixture('parallel-callbacks.asl.json') },
  ],
});
await endpoint.ready;
process.stdout.write(`READY ${endpoint.url}\n`);
