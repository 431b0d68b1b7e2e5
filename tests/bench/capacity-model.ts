// The model's arithmetic, pure: measured counts per issue × published quotas → the issues per second
// a default account sustains and the quota that binds first; counts × list prices → cost per 1,000 issues.
import {
  dynamoDbTableQuotas,
  httpApiQuota,
  lambdaConcurrencyQuota,
  prices as listPrices,
  stateTransitionQuota,
  stepFunctionsActionQuotas,
  type RateQuota,
} from './aws-quotas.ts';

/** What one issue costs in AWS terms, measured on its flow's usual path. */
export interface IssueProfile {
  /** AWS calls Baton's own code makes, by action (GetItem, StartExecution, …). */
  calls: Record<string, number>;
  readUnits: number;
  /** Write request units by AWS's billing rules, from the writes counted and the items' sizes (tests/bench/write-units.ts). */
  writeUnits: number;
  /** What DynamoDB Local reported for the same writes (printed beside it, not priced: see tests/bench/README.md). */
  reportedWriteUnits?: number;
  /** `*StateEntered` events in the execution history: what Standard workflows bill. */
  stateTransitions: number;
  /** Route Lambdas (one per API request) plus step Lambdas the flow invokes. */
  lambdaInvocations: number;
  /** Mean duration of one invocation on Lambda, in seconds: what the cost and the concurrency use (lambdaSecondsModelled). */
  lambdaSecondsEach: number;
  /** The same, as the local handlers took on the machine that ran the bench (printed beside it, not priced). */
  localSecondsEach?: number;
  apiRequests: number;
  /**
   * Writes to the one `ISSUES#open` partition of the status list: the list holds keys only
   * (shared/data/table-definition.ts), so only a status change writes there: in at intake, out at
   * closure, out and back in around each wait for the customer or escalation.
   */
  statusListWrites: number;
}

export interface QuotaTable {
  actions: Record<string, RateQuota>;
  stateTransitions: RateQuota;
  lambdaConcurrency: RateQuota;
  tableReads: RateQuota;
  tableWrites: RateQuota;
  partitionWrites: RateQuota;
  httpApi: RateQuota;
}

/**
 * How long a Baton Lambda runs on AWS, modelled from what it was counted doing, not timed here: the
 * local handler times are those of a shared 2-core machine running the emulated services in the same
 * process (0.15 s to 1.5 s per invocation from one run to the next), which says nothing about Lambda.
 * Each AWS call is taken as one sequential round trip of `perAwsCallMs` (DynamoDB's own description is
 * "consistent, single-digit millisecond latency at any scale"; Step Functions' data-plane calls are taken
 * to be alike), plus `computeMsPerInvocation` of the handler's own work (parsing, validation, JSON) on
 * a warm 512 MB arm64 instance. Both are assumptions, stated so the figure can be redone: calls made in
 * parallel count as sequential (an upper bound); cold starts are not modelled.
 */
export const lambdaDurationModel = {
  perAwsCallMs: 10,
  computeMsPerInvocation: 10,
  source: 'AWS SDK package description of DynamoDB ("consistent, single-digit millisecond latency at any scale"), read 2026-12-02; the compute time is an assumption',
};

/** Mean seconds per invocation under lambdaDurationModel, from the calls and invocations counted. */
export function lambdaSecondsModelled(calls: Record<string, number>, invocations: number, model = lambdaDurationModel): number {
  if (invocations === 0) return 0;
  const awsCalls = Object.values(calls).reduce((sum, count) => sum + count, 0);
  return (awsCalls * model.perAwsCallMs + invocations * model.computeMsPerInvocation) / invocations / 1000;
}

export const defaultQuotas: QuotaTable = {
  actions: stepFunctionsActionQuotas,
  stateTransitions: stateTransitionQuota,
  lambdaConcurrency: lambdaConcurrencyQuota,
  tableReads: dynamoDbTableQuotas.reads,
  tableWrites: dynamoDbTableQuotas.writes,
  partitionWrites: dynamoDbTableQuotas.partitionWrites,
  httpApi: httpApiQuota,
};

export type PriceTable = { [key in keyof typeof listPrices]: { usd: number } };

export interface LambdaSettings {
  memoryMb: number;
  architecture: 'arm64' | 'x86_64';
}

export interface Limit {
  quota: string;
  /** How much of the quota's unit one issue uses. */
  perIssue: number;
  issuesPerSecond: number;
}

export interface CostPer1000 {
  stepFunctions: number;
  lambda: number;
  dynamodb: number;
  httpApi: number;
  total: number;
}

export interface CapacityEstimate {
  /** Every quota the issue uses, tightest first. */
  limits: Limit[];
  binding: Limit;
  costPer1000: CostPer1000;
}

const limit = (quota: RateQuota, perIssue: number): Limit => ({ quota: quota.name, perIssue, issuesPerSecond: quota.perSecond / perIssue });

export function estimateCapacity(profile: IssueProfile, lambda: LambdaSettings, quotas: QuotaTable = defaultQuotas, prices: PriceTable = listPrices): CapacityEstimate {
  const limits: Limit[] = [];
  for (const [action, count] of Object.entries(profile.calls)) {
    const quota = quotas.actions[action];
    if (quota && count > 0) limits.push(limit(quota, count));
  }
  if (profile.stateTransitions > 0) limits.push(limit(quotas.stateTransitions, profile.stateTransitions));
  const concurrencySeconds = profile.lambdaInvocations * profile.lambdaSecondsEach;
  if (concurrencySeconds > 0) limits.push(limit(quotas.lambdaConcurrency, concurrencySeconds));
  if (profile.readUnits > 0) limits.push(limit(quotas.tableReads, profile.readUnits));
  if (profile.writeUnits > 0) limits.push(limit(quotas.tableWrites, profile.writeUnits));
  if (profile.statusListWrites > 0) limits.push(limit(quotas.partitionWrites, profile.statusListWrites));
  if (profile.apiRequests > 0) limits.push(limit(quotas.httpApi, profile.apiRequests));
  limits.sort((a, b) => a.issuesPerSecond - b.issuesPerSecond);
  const binding = limits[0];
  if (!binding) throw new Error('The issue profile uses no quota: nothing was measured.');

  const gbSecond = lambda.architecture === 'arm64' ? prices.lambdaGbSecondArm.usd : prices.lambdaGbSecondX86.usd;
  const perIssue = {
    stepFunctions: profile.stateTransitions * prices.stateTransition.usd,
    lambda: profile.lambdaInvocations * (prices.lambdaRequest.usd + profile.lambdaSecondsEach * (lambda.memoryMb / 1024) * gbSecond),
    dynamodb: profile.readUnits * prices.readRequestUnit.usd + profile.writeUnits * prices.writeRequestUnit.usd,
    httpApi: profile.apiRequests * prices.httpApiRequest.usd,
  };
  const costPer1000 = {
    stepFunctions: perIssue.stepFunctions * 1000,
    lambda: perIssue.lambda * 1000,
    dynamodb: perIssue.dynamodb * 1000,
    httpApi: perIssue.httpApi * 1000,
    total: (perIssue.stepFunctions + perIssue.lambda + perIssue.dynamodb + perIssue.httpApi) * 1000,
  };
  return { limits, binding, costPer1000 };
}

/** The mean profile of a mix of flows, each weighted equally. */
export function meanProfile(profiles: IssueProfile[]): IssueProfile {
  const n = profiles.length;
  if (n === 0) throw new Error('No profiles to average.');
  const calls: Record<string, number> = {};
  for (const profile of profiles) for (const [action, count] of Object.entries(profile.calls)) calls[action] = (calls[action] ?? 0) + count / n;
  const mean = (pick: (profile: IssueProfile) => number) => profiles.reduce((sum, profile) => sum + pick(profile), 0) / n;
  const lambdaInvocations = mean((profile) => profile.lambdaInvocations);
  return {
    calls,
    readUnits: mean((profile) => profile.readUnits),
    writeUnits: mean((profile) => profile.writeUnits),
    reportedWriteUnits: mean((profile) => profile.reportedWriteUnits ?? profile.writeUnits),
    stateTransitions: mean((profile) => profile.stateTransitions),
    lambdaInvocations,
    // Weighted by invocations, so the mix's Lambda seconds are the sum of its flows'.
    lambdaSecondsEach: lambdaInvocations === 0 ? 0 : mean((profile) => profile.lambdaInvocations * profile.lambdaSecondsEach) / lambdaInvocations,
    localSecondsEach: lambdaInvocations === 0 ? 0 : mean((profile) => profile.lambdaInvocations * (profile.localSecondsEach ?? profile.lambdaSecondsEach)) / lambdaInvocations,
    apiRequests: mean((profile) => profile.apiRequests),
    statusListWrites: mean((profile) => profile.statusListWrites),
  };
}

/** Issue 11's goals. */
export const goals = {
  issuesPerSecond: 50,
  usdPer1000Issues: 0.5,
  callsPerIntake: 5,
  callsPerClaim: 2,
  callsPerCompletionOpeningTwo: 8,
};

export interface GoalCheck {
  goal: string;
  measured: number;
  met: boolean;
}

export function checkGoals(estimate: CapacityEstimate, callsPer: { intake: number; claim: number; completionOpeningTwo: number }): GoalCheck[] {
  return [
    { goal: `≥ ${goals.issuesPerSecond} issues per second on default quotas`, measured: estimate.binding.issuesPerSecond, met: estimate.binding.issuesPerSecond >= goals.issuesPerSecond },
    { goal: `≤ $${goals.usdPer1000Issues.toFixed(2)} per 1,000 issues`, measured: estimate.costPer1000.total, met: estimate.costPer1000.total <= goals.usdPer1000Issues },
    { goal: `intake ≤ ${goals.callsPerIntake} AWS calls up to its first task`, measured: callsPer.intake, met: callsPer.intake <= goals.callsPerIntake },
    { goal: `claim ≤ ${goals.callsPerClaim} AWS calls`, measured: callsPer.claim, met: callsPer.claim <= goals.callsPerClaim },
    {
      goal: `completion opening the next two steps ≤ ${goals.callsPerCompletionOpeningTwo} AWS calls`,
      measured: callsPer.completionOpeningTwo,
      met: callsPer.completionOpeningTwo <= goals.callsPerCompletionOpeningTwo,
    },
  ];
}
