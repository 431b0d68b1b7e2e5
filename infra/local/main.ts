// `npm start`: runs Baton on the embedded local runtime until Ctrl-C.
import '#infra/local/process-defaults.ts';
import { demoPassword, demoUsers } from '#infra/local/identity/demo-users.ts';
import { openDataFolder } from '#infra/local/open-data-folder.ts';
import { credentialsFile } from '#infra/local/local-credentials.ts';
import { DataFolderInUseError } from '#infra/local/data-folder-lock.ts';
import { JavaMissingError } from '#infra/local/dynamodb/dynamodb-local.ts';


const dataDir = process.env.BATON_DATA_DIR ?? '.data';
const port = Number(process.env.PORT ?? 3000);
const timeFactor = Number(process.env.BATON_TIME_FACTOR ?? 1);
const seed = !process.argv.includes('--no-seed');
const sendOutbox = process.env.BATON_OUTBOX_SENDER !== 'off';
// A DynamoDB Local that outlives Baton (the crash tests keep theirs up across Baton's kill -9): used, never
// started or stopped. It must run without -sharedDb; Baton's table is in the database of the folder's key.
const runningDynamoDb = process.env.BATON_DYNAMODB_ENDPOINT ? { endpoint: process.env.BATON_DYNAMODB_ENDPOINT } : undefined;

try {
  const folder = { dataDir, ...(runningDynamoDb ? { dynamodb: runningDynamoDb } : {}) };
  // Locked and its DynamoDB Local starting before the rest of Baton (handlers, SDK clients, the interpreter) is
  // loaded: the JVM's start and Node's loading then run side by side instead of one after the other.
  const opened = openDataFolder(folder);
  const { startLocalRuntime } = await opened.timeline.time('load runtime', () => import('#infra/local/runtime.ts'));
  const runtime = await startLocalRuntime({ ...folder, port, timeFactor, seed, sendOutbox, opened });
  // For `npm run bench:start` (tests/bench/start-up.ts): where this start's time went, as one JSON line,
  // before the banner, so that whoever waits for "Baton is running" has it already.
  if (process.env.BATON_STARTUP_TIMINGS === '1') console.log(`Start-up timings: ${JSON.stringify(runtime.startup)}`);
  // The person who started Baton may use its local endpoints directly; nobody else learns the key.
  const signedAs = `AWS_ACCESS_KEY_ID=${runtime.credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${runtime.credentials.secretAccessKey} AWS_DEFAULT_REGION=${runtime.region}`;
  console.log(
    [
      '',
      `Baton is running (local mode) at ${runtime.url}`,
      `  customer form    ${runtime.url}/`,
      `  tracking page    ${runtime.url}/track`,
      `  staff console    ${runtime.url}/staff`,
      `  manager console  ${runtime.url}/manager`,
      `  health           ${runtime.url}/api/health`,
      `  mail inbox       ${runtime.mail.inboxUrl}${sendOutbox ? '' : '  (sending is off: BATON_OUTBOX_SENDER=off)'}`,
      `  SMTP server      ${runtime.mail.smtpUrl}`,
      `  DynamoDB Local   ${runtime.endpoints.dynamodb}`,
      `  Step Functions   ${runtime.endpoints.stepfunctions}${timeFactor === 1 ? '' : `  (time factor ${timeFactor})`}`,
      `  data folder      ${runtime.dataDir}`,
      `The local endpoints expect this data folder's key (${credentialsFile(runtime.dataDir)}), e.g.:`,
      `  ${signedAs} aws stepfunctions --endpoint-url ${runtime.endpoints.stepfunctions} list-state-machines`,
      `  ${signedAs} aws dynamodb --endpoint-url ${runtime.endpoints.dynamodb} list-tables`,
      `Demo users (password "${demoPassword}"): ${demoUsers.map((user) => `${user.username} [${user.groups.join(', ')}]`).join(', ')}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Baton…`);
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof DataFolderInUseError || error instanceof JavaMissingError) {
    console.error(`Baton could not start: ${error.message}`);
    process.exit(1);
  }
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Baton could not start: port ${port} is in use. Set PORT to another port (PORT=0 picks a free one).`);
    process.exit(1);
  }
  throw error;
}
