// "AWS in a box": DynamoDB Local, the local identity and the local API Gateway, wired together
// with the same handlers and table definition the AWS stack deploys.
import path from 'node:path';
import { routes, type Route } from '#shared/api/routes.ts';
import { systemClock, useClock, type Clock } from '#shared/clock.ts';
import { currentSettings, useProcessSettings, withSettings, type BatonSettings } from '#shared/config.ts';
import type { DynamoDbLocal } from '#infra/local/dynamodb/dynamodb-local.ts';
import { openDataFolder, type OpenDataFolderOptions, type OpenedDataFolder } from '#infra/local/open-data-folder.ts';
import { ensureTable } from '#infra/local/ensure-table.ts';
import { createLocalIdentity, useLocalIdentity, withLocalIdentity, type LocalIdentity } from '#infra/local/identity/local-identity.ts';
import { localClientId, localIdentityPath, localUserPoolId } from '#infra/local/identity/identity-endpoint.ts';
import { startLocalApi, type LocalApi } from '#infra/local/http/local-api.ts';
import { projectRoot } from '#infra/local/lambda/load-handler.ts';
import { startLocalFlows, type LocalFlows } from '#infra/local/flows/local-step-functions.ts';
import { repairPendingWork } from '#shared/flows/repair.ts';
import { adoptEveryQueue } from '#shared/data/staff-profile.ts';
import { scheduledLambdas, type ScheduledLambda } from '#shared/scheduled-lambdas.ts';
import { backgroundOrigins, meteredAs } from '#shared/aws-call-meter.ts';
import type { FlowId } from '#shared/flows/catalog.ts';
import { seedDemoIssues } from '#infra/local/seed-demo.ts';
import { localRegion, type LocalCredentials } from '#infra/local/local-credentials.ts';
import { startLocalMailServer, type LocalMailServer } from '#infra/local/mail/local-mail-server.ts';
import { inboxKeyOf, inboxPages, inboxPath } from '#infra/local/mail/inbox-page.ts';
import { startStreamReader, type StreamReader } from '#infra/local/streams/stream-reader.ts';
import { loadHandler } from '#infra/local/lambda/load-handler.ts';
import { everyOnClock, type ClockSchedule } from '#infra/local/schedule/every-on-clock.ts';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { handler as sendOutbox } from '#functions/notifications/send-outbox.ts';
import type { StartupTimings } from '#infra/local/startup-timeline.ts';

export interface LocalRuntimeOptions extends OpenDataFolderOptions {
  port?: number;
  /**
   * The data folder already opened (locked, its DynamoDB Local starting) by `openDataFolder` of the same options:
   * `npm start` opens it before loading the rest of Baton, so the JVM starts while Node loads. Default: opened here.
   */
  opened?: OpenedDataFolder;
  /**
   * A DynamoDB Local already running (in memory, without -sharedDb) to use instead of starting a JVM: test files
   * share one this way. It keeps one database per access key id, and every data folder has its own key, so each
   * runtime still sees only its own table. The runtime neither records nor stops it. Its pid, when known, is
   * only reported (`dynamodbPid`); `npm start` takes the endpoint alone (`BATON_DYNAMODB_ENDPOINT`).
   */
  dynamodb?: { endpoint: string; pid?: number };
  tableName?: string;
  /** Shortens SLAs (TimeoutSeconds), heartbeats and Waits for demos (`npm start`); 1 = real time. Tests move `clock` instead. */
  timeFactor?: number;
  /** The clock of the handlers and the flows (shared/clock.ts); default: the system clock. Tests pass a MovableClock. */
  clock?: Clock;
  /** Where the flow files are read from; default: the project's workflows/. */
  workflowsDir?: string;
  /** Submit the demo issues on a data folder's first run (`npm start -- --no-seed` turns it off). */
  seed?: boolean;
  /**
   * Check every handler's response against its route's contract and answer a broken one with a 500
   * (shared/api/response-check.ts). Default on, in tests and `npm start` alike: the local runtime is
   * where a contract breaks first. On AWS nothing checks (a parse per response costs Lambda time).
   */
  checkResponses?: boolean;
  /** The route table to serve; default the project's (shared/api/routes.ts). Tests swap a route's handler. */
  routes?: readonly Route[];
  /**
   * Send the outbox (read the table's stream, sweep at start and on its schedule, shared/scheduled-lambdas.ts); default true.
   * Off only to leave messages unsent on purpose (the crash tests); `BATON_OUTBOX_SENDER=off` for `npm start`.
   */
  sendOutbox?: boolean;
}

export interface LocalRuntime {
  url: string;
  dataDir: string;
  endpoints: { dynamodb: string; stepfunctions: string };
  /**
   * The data folder's generated key: the Step Functions endpoint refuses requests not signed with it, and
   * DynamoDB Local shows Baton's table only to callers using its key id.
   */
  credentials: LocalCredentials;
  region: string;
  /**
   * This runtime's configuration, built once at start: every handler and step Lambda it runs reads it
   * (shared/config.ts withSettings), so two runtimes can share a process. Tests may point a part of it
   * elsewhere to make a fault (a closed port for Step Functions).
   */
  settings: BatonSettings;
  /** The DynamoDB Local JVM's pid; -1 for one running elsewhere whose pid was not given. */
  dynamodbPid: number;
  /** The local mail server: where Baton's e-mail goes, and the inbox page's address (with its key). */
  mail: { smtpUrl: string; inboxUrl: string; messages: LocalMailServer['messages'] };
  /** When each part of this start began and ended (`npm run bench:start` prints them). */
  startup: StartupTimings;
  stop(): Promise<void>;
}

export const localIdentityIssuer = 'urn:baton:local-identity';

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const opened = options.opened ?? openDataFolder(options);
  const { dataDir, lock, credentials, timeline } = opened;
  const tableName = options.tableName ?? 'baton';
  let dynamodb: DynamoDbLocal | undefined;
  let api: LocalApi | undefined;
  let flows: LocalFlows | undefined;
  let ready = false;
  const schedules: ClockSchedule[] = [];
  let settings: BatonSettings | undefined;
  let identity: LocalIdentity | undefined;
  /** Runs work as this runtime's: with its settings and its identity, whatever other runtime shares the process. */
  const asThisRuntime = <T>(work: () => Promise<T>): Promise<T> => {
    if (!settings) throw new Error('The local runtime is not configured yet.');
    const own = settings;
    return withSettings(own, () => (identity ? withLocalIdentity(identity, work) : work()));
  };
  let mail: LocalMailServer | undefined;
  let stream: StreamReader | undefined;
  const stop = async () => {
    ready = false;
    await Promise.all(schedules.map((schedule) => schedule.stop()));
    await stream?.stop();
    await api?.close();
    await mail?.close();
    await flows?.endpoint.close();
    await dynamodb?.stop();
    lock.release();
    if (settings && currentSettings() === settings) useProcessSettings(undefined);
    useClock(systemClock);
  };
  // A step Lambda the flows resume (an execution a restart interrupted) runs once everything it may call is
  // wired, as it did when the parts started one after another; never earlier, and not at all if the start fails.
  let wired: () => void = () => undefined;
  const whenWired = new Promise<void>((resolve) => (wired = resolve));
  try {
    const timeFactor = options.timeFactor ?? 1;
    // Before any handler or flow asks what time it is.
    const runtimeClock = options.clock ?? systemClock;
    useClock(runtimeClock);
    // The parts that do not need DynamoDB start side by side with its JVM and the table check: the flows (their
    // definitions checked, their journals read), the identity (on a fresh folder its key pair and the demo users'
    // password hashes) and the mail server. Every part is awaited, failed or not, so that `stop` finds each one
    // that started.
    await allStarted([
      opened.dynamodb.then(async (started) => {
        dynamodb = started;
        // What the handlers read, as on AWS they read it from their Lambda environment; the parts that
        // start beside it (Step Functions endpoint, identity, mail) fill in theirs before anything runs.
        settings = {
          mode: 'local',
          tableName,
          dynamodbEndpoint: started.endpoint,
          // One region for every local part: the endpoint checks signatures for it.
          region: localRegion,
          localCredentials: credentials,
          timeFactor,
          workflowsDir: options.workflowsDir ?? path.join(projectRoot, 'workflows'),
          mail: { sender: 'Baton <baton@localhost>' },
        };
        // Code that runs outside any invocation (a test calling shared code, a script) reads the newest runtime's.
        useProcessSettings(settings);
        await timeline.time('table', () => ensureTable(started.endpoint, tableName, { region: localRegion, credentials }));
      }),
      timeline
        .time('flows', () => startLocalFlows({ dataDir, timeFactor, workflowsDir: options.workflowsDir, scope: (work) => whenWired.then(() => asThisRuntime(work)) }))
        .then((started) => (flows = started)),
      timeline.time('identity', () => createLocalIdentity({ dataDir, issuer: localIdentityIssuer })).then((created) => (identity = created)),
      timeline.time('mail', () => startLocalMailServer(dataDir)).then((started) => (mail = started)),
    ]);
    if (!settings || !dynamodb || !flows || !identity || !mail) throw new Error('A part of the local runtime did not start.');
    settings.stepFunctionsEndpoint = flows.endpoint.url;
    settings.stateMachineArns = flows.stateMachineArns;
    useLocalIdentity(identity);
    // The browser signs in against the local identity's endpoint on this same server (same origin).
    // The route's own path: the SDK adds the "/" to its endpoint, the browser posts where it is told.
    settings.identity = { endpoint: `${localIdentityPath}/`, userPoolId: localUserPoolId, clientId: localClientId };
    const inboxKey = inboxKeyOf(credentials.secretAccessKey);
    const [mailServer, signIn] = [mail, identity];
    // Listening only now: a sign-in (answered before the rest is ready) needs the table.
    api = await timeline.time('http', () =>
      startLocalApi({
        port: options.port ?? 3000,
        routes: options.routes ?? routes,
        identity: signIn,
        checkResponses: options.checkResponses ?? true,
        scope: asThisRuntime,
        webRoot: path.join(projectRoot, 'web', 'dist'),
        isReady: () => ready,
        localPages: inboxPages(mailServer, inboxKey),
      }),
    );
    // The sender's configuration, as the CDK stack gives its Lambda: where mail goes, where links point.
    settings.mail = { ...settings.mail, smtpUrl: mail.smtpUrl };
    settings.siteUrl = api.url;
    wired();
    const startedFlows = flows;
    await timeline.time('resume', () => startedFlows.endpoint.ready);
    const sendsOutbox = options.sendOutbox ?? true;
    /** Runs a scheduled Lambda's own handler, as its EventBridge rule does on AWS: background work, not any request's. */
    const runScheduled = async (name: ScheduledLambda) => {
      const handler = await loadHandler<() => Promise<unknown>>(scheduledLambdas[name].entry);
      return meteredAs(backgroundOrigins.sweeper, () => asThisRuntime(() => handler()));
    };
    const outboxSender = { endpoint: dynamodb.endpoint, region: localRegion, credentials, tableName, handler: (event: DynamoDBStreamEvent) => meteredAs(backgroundOrigins.outboxSender, () => asThisRuntime(() => sendOutbox(event))) };
    // Nothing is in flight at start-up: every pending start or callback is one a crash interrupted,
    // and every running execution is checked against the task items. The stream reader starts meanwhile
    // (it only reads the stream), so a restart waits for the longer of the two, not for both.
    const reading = sendsOutbox ? timeline.time('stream', () => startStreamReader(outboxSender)) : Promise.resolve(undefined);
    try {
      // A data folder from before one subscribers item per queue keeps who wants e-mail (once; later one BatchGetItem).
      await timeline.time('adopt', () => meteredAs(backgroundOrigins.sweeper, () => asThisRuntime(() => adoptEveryQueue())));
      await timeline.time('repair', () => meteredAs(backgroundOrigins.sweeper, () => asThisRuntime(() => repairPendingWork(new Date().toISOString(), { everyExecution: true }))));
    } finally {
      // Kept even when the repair failed, so that `stop` stops the reader.
      stream = await reading;
    }
    // The rules of the AWS stack, on the runtime's clock: a test that moves it past a rate sees the Lambda run.
    // The outbox sweep also runs at once, after the repair and with the stream read (a message written before
    // the stream reader started is seen by the sweep, one written after by both, and sent once): in the
    // background, as on AWS no request waits for it, so a restart owing mail is not held up sending it.
    // Stopping the runtime waits for the run under way (ClockSchedule.stop).
    for (const name of Object.keys(scheduledLambdas) as ScheduledLambda[]) {
      if (name === 'OutboxSweep' && !sendsOutbox) continue;
      schedules.push(everyOnClock(runtimeClock, scheduledLambdas[name].everyMinutes * 60_000, name, () => runScheduled(name), { runNow: name === 'OutboxSweep' }));
    }
    const flowIds = Object.keys(flows.stateMachineArns) as FlowId[];
    if (options.seed) await timeline.time('seed', () => asThisRuntime(() => seedDemoIssues(flowIds)));
    ready = true;
    return {
      url: api.url,
      dataDir,
      endpoints: { dynamodb: dynamodb.endpoint, stepfunctions: flows.endpoint.url },
      credentials,
      region: localRegion,
      settings,
      dynamodbPid: dynamodb.pid,
      mail: { smtpUrl: mail.smtpUrl, inboxUrl: `${api.url}${inboxPath}?key=${inboxKey}`, messages: mail.messages },
      startup: timeline.timings(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits for every part to settle, then fails with the first failure: no part is still starting when `stop` runs. */
async function allStarted(parts: Array<Promise<unknown>>): Promise<void> {
  const settled = await Promise.allSettled(parts);
  const failed = settled.find((part): part is PromiseRejectedResult => part.status === 'rejected');
  if (failed) throw failed.reason;
}
