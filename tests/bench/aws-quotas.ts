// The published AWS default quotas and us-east-1 list prices the benchmark's model uses, each with
// where it was read and when. Change a number here only after reading its source again.

/** A default rate quota: tokens refill at `perSecond` (the sustained rate); `burst` is the bucket. */
export interface RateQuota {
  name: string;
  perSecond: number;
  burst?: number;
  source: string;
  read: string;
  /** What is uncertain about the number, or how it is applied; empty when the source states it plainly. */
  note?: string;
}

const sfnQuotas = 'https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html';
const sfnRead = '2026-12-01 (awsdocs source of that page: "Quotas related to API action throttling", "… state throttling")';

/** Step Functions Standard, US East (N. Virginia), per account and region. */
export const stepFunctionsActionQuotas: Record<string, RateQuota> = {
  StartExecution: { name: 'Step Functions StartExecution', perSecond: 300, burst: 1300, source: sfnQuotas, read: sfnRead },
  SendTaskSuccess: { name: 'Step Functions SendTaskSuccess', perSecond: 500, burst: 3000, source: sfnQuotas, read: sfnRead },
  SendTaskFailure: { name: 'Step Functions SendTaskFailure', perSecond: 500, burst: 3000, source: sfnQuotas, read: sfnRead },
  SendTaskHeartbeat: { name: 'Step Functions SendTaskHeartbeat', perSecond: 500, burst: 3000, source: sfnQuotas, read: sfnRead },
  DescribeStateMachineForExecution: {
    name: 'Step Functions DescribeStateMachineForExecution',
    perSecond: 1,
    burst: 200,
    source: sfnQuotas,
    read: sfnRead,
  },
  DescribeExecution: { name: 'Step Functions DescribeExecution', perSecond: 15, burst: 300, source: sfnQuotas, read: sfnRead },
  DescribeStateMachine: { name: 'Step Functions DescribeStateMachine', perSecond: 20, burst: 200, source: sfnQuotas, read: sfnRead },
  GetExecutionHistory: { name: 'Step Functions GetExecutionHistory', perSecond: 20, burst: 400, source: sfnQuotas, read: sfnRead },
  ListExecutions: { name: 'Step Functions ListExecutions', perSecond: 5, burst: 200, source: sfnQuotas, read: sfnRead },
  StopExecution: { name: 'Step Functions StopExecution', perSecond: 200, burst: 1000, source: sfnQuotas, read: sfnRead },
};

export const stateTransitionQuota: RateQuota = {
  name: 'Step Functions state transitions (Standard)',
  perSecond: 5000,
  burst: 5000,
  source: sfnQuotas,
  read: sfnRead,
  note: 'The page also says new accounts start with reduced state transition quotas, raised automatically with use; the reduced value is not published.',
};

export const lambdaConcurrencyQuota: RateQuota = {
  name: 'Lambda concurrent executions (account, region)',
  perSecond: 1000,
  source: 'https://serverlessland.com/content/service/lambda/guides/aws-lambda-operator-guide/scaling-concurrency',
  read: '2026-12-01',
  note:
    'A concurrency, not a rate: issues/s = 1000 / (invocations per issue × mean seconds each). 1,000 is from the AWS Lambda Operator Guide; the quota table of the Lambda developer guide was not in the stored corpus to confirm it, and new accounts may see a lower value in Service Quotas.',
};

/** Not a sustained limit, listed so the model's silence about it is deliberate. */
export const lambdaScalingRate = {
  name: 'Lambda concurrency scaling rate, per function',
  value: '1,000 execution environments every 10 seconds (10,000 requests per second every 10 seconds)',
  source: 'https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html',
  read: '2026-12-01',
  note: 'Limits how fast a burst is absorbed, not the sustained rate; the model assumes traffic ramps up.',
};

export const dynamoDbTableQuotas = {
  reads: {
    name: 'DynamoDB on-demand table read request units',
    perSecond: 40_000,
    source: 'https://docs.amazonaws.cn/en_us/amazondynamodb/latest/developerguide/Limits.html',
    read: '2026-12-01',
    note: 'Read on the China-region copy of the quotas page ("Per table: 40,000 read request units and 40,000 write request units" for on-demand); the global page\'s table was not in the stored excerpt. A new on-demand table starts at 4,000 WRU / 12,000 RRU and doubles its previous peak within 30 minutes (AWS re:Post knowledge center).',
  } satisfies RateQuota,
  writes: {
    name: 'DynamoDB on-demand table write request units',
    perSecond: 40_000,
    source: 'https://docs.amazonaws.cn/en_us/amazondynamodb/latest/developerguide/Limits.html',
    read: '2026-12-01',
    note: 'As for reads.',
  } satisfies RateQuota,
  partitionWrites: {
    name: 'DynamoDB partition write request units (the `ISSUES#open` status list every new issue enters)',
    perSecond: 1000,
    source: 'https://repost.aws/knowledge-center/on-demand-table-throttling-dynamodb',
    read: '2026-12-01',
    note: 'Each partition serves up to 3,000 RRU or 1,000 WRU per second. Estimate: the status list projects keys only, so only a status change writes to `ISSUES#open` (in at intake, out at closure, out and back in around each customer wait or escalation), 1 WRU each (a keys-only entry is far below 1 KB).',
  } satisfies RateQuota,
};

export const httpApiQuota: RateQuota = {
  name: 'API Gateway requests (account, region, all APIs)',
  perSecond: 10_000,
  burst: 5000,
  source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html',
  read: '2026-12-01',
};

export interface Price {
  usd: number;
  per: string;
  source: string;
  read: string;
  note?: string;
}

/** us-east-1 list prices, no free tier, first volume tier. */
export const prices = {
  stateTransition: {
    usd: 0.025 / 1000,
    per: 'state transition (Standard)',
    source: 'https://aws.amazon.com/step-functions/pricing/',
    read: '2026-12-01 ($0.0250 per 1,000 state transitions, US East (N. Virginia)); checked again 2026-12-02, unchanged',
    note: 'Also stated by AWS\'s own startup guidance in aws/agent-toolkit-for-aws (step-functions.md: "$0.025/1000 transitions").',
  },
  lambdaRequest: {
    usd: 0.2 / 1_000_000,
    per: 'Lambda request',
    source: 'https://aws.amazon.com/lambda/pricing/',
    read: '2026-12-01',
    note: 'The stored copy of the AWS page did not show the rate table; $0.20 per 1M requests was read in secondary summaries of it (cloudchipr.com, 2024; a Lambda guide in git.mcrn.ar). Checked again 2026-12-02: an api-evangelist transcription of the AWS page (2026-09-20) quotes "$0.20 per million requests" (for Managed Instances; the same rate as functions).',
  },
  lambdaGbSecondArm: {
    usd: 0.0000133334,
    per: 'Lambda GB-second, arm64, first 7.5 billion GB-s a month',
    source: 'https://aws.amazon.com/lambda/pricing/',
    read: '2026-12-01',
    note: 'As for requests: read in secondary summaries (cloudchipr.com "AWS Lambda Pricing Breakdown", 2024), not on the AWS page itself. x86_64 is $0.0000166667. Checked again 2026-12-02: the price table in artillery 2.0.28 (lib/platform/aws-lambda/prices.js, "GB/second divided by 10e10") has arm64 1333340 and x86_64 1666670 for us-east-1, the same.',
  },
  lambdaGbSecondX86: {
    usd: 0.0000166667,
    per: 'Lambda GB-second, x86_64, first 6 billion GB-s a month',
    source: 'https://aws.amazon.com/lambda/pricing/',
    read: '2026-12-01',
    note: 'Secondary summaries, as for arm64.',
  },
  readRequestUnit: {
    usd: 0.125 / 1_000_000,
    per: 'DynamoDB on-demand read request unit (Standard table class)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    read: '2026-12-01',
    note: 'Read in a secondary summary (airbyte.com "DynamoDB pricing": $0.125 per million RRU, US East), after the November 2024 on-demand price cut; older pages say $0.25. Checked again 2026-12-02: the cut was 50 % and effective November 1, 2024 (jusdb.com, August 2025); airbyte.com (July 2025) still gives $0.625 WRU / $0.125 RRU.',
  },
  writeRequestUnit: {
    usd: 0.625 / 1_000_000,
    per: 'DynamoDB on-demand write request unit (Standard table class)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    read: '2026-12-01',
    note: 'As for reads: $0.625 per million WRU (older pages: $1.25).',
  },
  httpApiRequest: {
    usd: 1 / 1_000_000,
    per: 'API Gateway HTTP API request (first 300 million a month)',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    read: '2026-12-01',
    note: 'The stored copy of the AWS page showed the free tier only; $1.00 per million was read in secondary summaries (learnaws.org, awsforengineers.com 2025). Requests are metered in 512 KB increments. Checked again 2026-12-02: apigatewaycost.com and go-cloud.io (2026) give $1.00 per million for the first 300 million.',
  },
} satisfies Record<string, Price>;
