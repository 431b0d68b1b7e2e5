// The Lambdas that run on a schedule rather than on a request or a flow's step. Read by the CDK stack
// (an EventBridge rule each) and by the local runtime (the same handlers on its own clock), so the two
// cannot drift apart in what runs or how often.

export const scheduledLambdas = {
  // Repairs what a crash or a lost callback left behind, then warns of tasks about to breach.
  Sweeper: { entry: 'functions/system/sweeper.ts', everyMinutes: 5 },
  // Sends what the table's stream did not (a retry that is due, a message the sender never saw).
  OutboxSweep: { entry: 'functions/notifications/sweep-outbox.ts', everyMinutes: 5 },
} as const satisfies Record<string, { entry: string; everyMinutes: number }>;

export type ScheduledLambda = keyof typeof scheduledLambdas;
