// Prints the measured counts and what the model makes of them: calls per operation, per flow, the
// issues per second a default account sustains, the cost per 1,000 issues, and issue 11's goals.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '#infra/local/lambda/load-handler.ts';
import type { CallCounts } from '#shared/aws-call-meter.ts';
import { checkGoals, estimateCapacity, lambdaDurationModel, meanProfile, type LambdaSettings } from './capacity-model.ts';
import { prices } from './aws-quotas.ts';
import { billedUnits, totalCalls, type MeasuredFlow, type OperationCount } from './measure-calls.ts';
import { indexes } from '#shared/data/entities/indexes.ts';

/** Memory and architecture as the CDK stack deploys every Baton function. */
export function deployedLambdaSettings(): LambdaSettings {
  const source = readFileSync(path.join(projectRoot, 'infra/aws/baton-function.ts'), 'utf8');
  const memory = /memorySize:\s*(\d+)/.exec(source);
  const architecture = /Architecture\.(ARM_64|X86_64)/.exec(source);
  if (!memory || !architecture) throw new Error('infra/aws/baton-function.ts no longer states memorySize and architecture where the benchmark reads them.');
  return { memoryMb: Number(memory[1]), architecture: architecture[1] === 'ARM_64' ? 'arm64' : 'x86_64' };
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const usd = (value: number) => `$${value.toFixed(4)}`;

function capacityNote(counts: CallCounts[]): string {
  const reported = counts.some((count) => Object.values(count).some((action) => action.readUnits + action.writeUnits > 0));
  return reported
    ? "DynamoDB capacity as DynamoDB Local reported it (ReturnConsumedCapacity: INDEXES). Its transactions do not follow AWS's rules (4 units for a one-item transaction of a few bytes), so the write units priced are those by AWS's rules above:"
    : 'DynamoDB capacity: DynamoDB Local reported none; request units are shown as 0 and the cost model lacks them.';
}

export function printOperations(operations: { intake: OperationCount; claim: OperationCount; completion: OperationCount }) {
  const columns = { intake: operations.intake, claim: operations.claim, 'completion (opens 2 steps)': operations.completion };
  const actions = [...new Set(Object.values(columns).flatMap((operation) => Object.keys(operation.calls)))].sort();
  const rows: Record<string, Record<string, number>> = {};
  for (const action of actions) rows[action] = Object.fromEntries(Object.entries(columns).map(([name, operation]) => [name, round(operation.calls[action]?.calls ?? 0, 2)]));
  const sumOf = (operation: OperationCount, pick: 'readUnits' | 'writeUnits') => Object.values(operation.calls).reduce((sum, count) => sum + count[pick], 0);
  rows['= AWS calls'] = Object.fromEntries(Object.entries(columns).map(([name, operation]) => [name, round(totalCalls(operation.calls), 2)]));
  rows['read request units'] = Object.fromEntries(Object.entries(columns).map(([name, operation]) => [name, round(sumOf(operation, 'readUnits'), 2)]));
  rows['write request units (AWS rules)'] = Object.fromEntries(Object.entries(columns).map(([name, operation]) => [name, round(billedUnits(operation.billed), 2)]));
  const types = [...new Set(Object.values(columns).flatMap((operation) => Object.keys(operation.billed)))].sort();
  for (const type of types) {
    rows[`  ${type}`] = Object.fromEntries(
      Object.entries(columns).map(([name, operation]) => [name, round(operation.billed[type] ? billedUnits({ [type]: operation.billed[type] }) : 0, 2)]),
    );
  }
  rows['WRU as DynamoDB Local reported'] = Object.fromEntries(Object.entries(columns).map(([name, operation]) => [name, round(sumOf(operation, 'writeUnits'), 2)]));
  rows['state transitions'] = Object.fromEntries(Object.entries(columns).map(([name, operation]) => [name, round(operation.stateTransitions, 2)]));
  console.log(`\nAWS calls by Baton's own code per operation (mean of ${operations.intake.samples} each, first task included, each issue from a new customer)`);
  console.table(rows);
  console.log(capacityNote(Object.values(columns).map((operation) => operation.calls)));
  for (const [name, operation] of Object.entries(columns)) {
    const units = Object.entries(operation.calls)
      .filter(([, count]) => count.readUnits + count.writeUnits > 0)
      .map(([action, count]) => `${action} ${round(count.readUnits, 1)} RRU / ${round(count.writeUnits, 1)} WRU`)
      .join(', ');
    if (units) console.log(`  ${name}: ${units}`);
  }
}

export function printFlows(flows: MeasuredFlow[]) {
  console.log(
    "\nPer issue, each flow along its usual path (intake to closed, with the outbox sender's work for its messages; staff reads of queues and issue pages not included)",
  );
  console.table(
    Object.fromEntries(
      flows.map(({ flowId, profile, stepLambdas, senderRuns, senderCalls }) => [
        flowId,
        {
          'AWS calls': round(Object.values(profile.calls).reduce((sum, count) => sum + count, 0), 0),
          'of them the outbox sender': senderCalls,
          'state transitions': profile.stateTransitions,
          'Lambda invocations': profile.lambdaInvocations,
          'of them step Lambdas': stepLambdas,
          'outbox sender runs': senderRuns,
          'ms each (modelled)': round(profile.lambdaSecondsEach * 1000, 0),
          'ms each (timed here)': round((profile.localSecondsEach ?? 0) * 1000, 0),
          'API requests': profile.apiRequests,
          RRU: round(profile.readUnits, 1),
          WRU: round(profile.writeUnits, 1),
        },
      ]),
    ),
  );
  console.log("\nHot-path AWS calls per operation along each flow's usual path (each from its request until the flow settled; claims and completions: mean, with the largest)");
  console.table(
    Object.fromEntries(
      flows.map(({ flowId, operations }) => [
        flowId,
        {
          intake: operations.intake,
          'claim, mean': round(mean(operations.claims), 2),
          'claim, most': Math.max(...operations.claims),
          'completion, mean': round(mean(operations.completions), 2),
          'completion, most': Math.max(...operations.completions),
          'each completion': operations.completions.join(' '),
        },
      ]),
    ),
  );
  for (const { flowId, profile } of flows) {
    const byAction = Object.entries(profile.calls)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([action, count]) => `${count} ${action}`)
      .join(', ');
    console.log(`  ${flowId}: ${byAction}`);
  }
}

/**
 * Where the write request units of an issue go (equal mix, per issue), by AWS's billing rules from the
 * writes counted and the items read before and after each (write-units.ts): by item type, the table's
 * part and each index's; then the same by place as DynamoDB Local reported it.
 */
export function printWriteUnits(flows: MeasuredFlow[]) {
  const n = flows.length;
  const perIssue = (value: number) => round(value / n, 2);
  const sumOver = (pick: (flow: MeasuredFlow) => number) => flows.reduce((sum, flow) => sum + pick(flow), 0);
  const indexNames = Object.fromEntries(Object.entries(indexes).map(([name, index]) => [index.indexName, name]));
  const physical = Object.keys(indexNames).sort();
  const types = [...new Set(flows.flatMap((flow) => Object.keys(flow.itemTypes)))];
  const total = sumOver((flow) => billedUnits(flow.itemTypes));
  const rows = types
    .map((type) => {
      const of = (flow: MeasuredFlow) => flow.itemTypes[type];
      const writes = sumOver((flow) => of(flow)?.writes ?? 0);
      const units = sumOver((flow) => (of(flow) ? billedUnits({ [type]: of(flow)! }) : 0));
      return {
        'item type': type,
        writes: perIssue(writes),
        'in transactions': perIssue(sumOver((flow) => of(flow)?.transactional ?? 0)),
        'mean KB': round(sumOver((flow) => (of(flow)?.meanBytes ?? 0) * (of(flow)?.writes ?? 0)) / writes / 1024, 2),
        'table WRU': perIssue(sumOver((flow) => of(flow)?.tableUnits ?? 0)),
        ...Object.fromEntries(physical.map((index) => [`${index} WRU`, perIssue(sumOver((flow) => of(flow)?.indexUnits[index] ?? 0))])),
        'WRU': perIssue(units),
        share: `${round((100 * units) / total, 0)} %`,
      };
    })
    .sort((a, b) => b.WRU - a.WRU);
  console.log(
    "\nWrite request units per issue (equal mix) by item type, by AWS's rules: the table one per started KB of the larger of the item's before and after images, " +
      'each index one per started KB of the entry put or removed (both when its key moved), twice in a transaction',
  );
  console.log(`  indexes: ${physical.map((index) => `${index} = ${indexNames[index]}`).join(', ')}`);
  console.table(rows);
  const places = [...new Set(flows.flatMap((flow) => Object.keys(flow.writeUnitsByPlace)))].sort();
  const reported = Object.fromEntries(places.map((place) => [place, perIssue(sumOver((flow) => flow.writeUnitsByPlace[place] ?? 0))]));
  console.log(
    `  total ${perIssue(total)} WRU per issue by AWS's rules; DynamoDB Local reported ${perIssue(sumOver((flow) => flow.profile.reportedWriteUnits ?? 0))} ` +
      `(${Object.entries(reported).map(([place, units]) => `${place} ${units}`).join(', ')}): it bills a transaction's writes otherwise (tests/bench/README.md)`,
  );
}

export function printModel(flows: MeasuredFlow[], operations: { intake: OperationCount; claim: OperationCount; completion: OperationCount }) {
  const lambda = deployedLambdaSettings();
  const mix = meanProfile(flows.map((flow) => flow.profile));
  const rows = [...flows.map((flow) => [flow.flowId, flow.profile] as const), ['equal mix of the four', mix] as const].map(([name, profile]) => {
    const estimate = estimateCapacity(profile, lambda);
    return {
      issues: name,
      'issues/s': round(estimate.binding.issuesPerSecond, 1),
      'binding quota': estimate.binding.quota,
      'Step Functions': usd(estimate.costPer1000.stepFunctions),
      Lambda: usd(estimate.costPer1000.lambda),
      DynamoDB: usd(estimate.costPer1000.dynamodb),
      'HTTP API': usd(estimate.costPer1000.httpApi),
      '$ per 1,000 issues': usd(estimate.costPer1000.total),
    };
  });
  console.log(
    `\nOn a default AWS account in us-east-1 (quotas and list prices: tests/bench/aws-quotas.ts; Lambda ${lambda.memoryMb} MB ${lambda.architecture} from infra/aws/baton-function.ts; ` +
      `durations modelled as ${lambdaDurationModel.perAwsCallMs} ms per AWS call + ${lambdaDurationModel.computeMsPerInvocation} ms per invocation, see capacity-model.ts)`,
  );
  console.table(rows);
  const timed = estimateCapacity({ ...mix, lambdaSecondsEach: mix.localSecondsEach ?? mix.lambdaSecondsEach }, lambda);
  console.log(
    `At the handler times measured on this machine instead (an upper bound: shared, emulated services in-process): Lambda ${usd(timed.costPer1000.lambda)}, ` +
      `total ${usd(timed.costPer1000.total)} per 1,000 issues, ${round(timed.binding.issuesPerSecond, 1)} issues/s (${timed.binding.quota}).`,
  );
  const estimate = estimateCapacity(mix, lambda);
  console.log('Quotas the equal mix uses, tightest first:');
  for (const limit of estimate.limits.slice(0, 6)) console.log(`  ${round(limit.issuesPerSecond, 1)} issues/s — ${limit.quota} (${round(limit.perIssue, 2)} per issue)`);
  console.log(`Prices: ${prices.stateTransition.read.slice(0, 10)} list prices, no free tier.`);
  // Judged on the worst of the counted operations' means and every flow's usual path.
  const checks = checkGoals(estimate, {
    intake: Math.max(totalCalls(operations.intake.calls), ...flows.map((flow) => flow.operations.intake)),
    claim: Math.max(totalCalls(operations.claim.calls), ...flows.map((flow) => mean(flow.operations.claims))),
    completionOpeningTwo: Math.max(totalCalls(operations.completion.calls), ...flows.map((flow) => mean(flow.operations.completions))),
  });
  console.log('\nGoals (issue 11; calls per operation: the worst of the counted means and each flow\'s usual path)');
  for (const check of checks) console.log(`  ${check.met ? 'met    ' : 'NOT met'}  ${check.goal}: measured ${round(check.measured, check.measured < 10 ? 3 : 1)}`);
}
