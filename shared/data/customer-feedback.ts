// What a customer does about their issue besides writing to it: rate its handling once it is closed,
// stop its e-mails, and have new tracking codes sent. Each is an issue change (an event), so nothing
// is edited away; the tracking codes are renewed per open issue, with the new code's e-mail in the
// same transaction.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { changeIssue, noChange } from '#shared/data/issue-changes.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import { customerEmailEntity } from '#shared/data/entities/customer.ts';
import { issuesOfCustomer } from '#shared/data/read-models.ts';
import { outboxPut } from '#shared/notifications/outbox.ts';

export async function rateHandling(issueId: string, rating: number, comment: string | undefined): Promise<void> {
  await changeIssue(issueId, (issue) => {
    if (issue.status !== 'closed') throw new ConflictError('not_closed', 'The handling of an issue can be rated once it is closed.');
    return {
      events: [{ type: 'customer_rated', actor: { kind: 'customer' }, visibility: 'customer', ...(comment ? { text: comment } : {}), data: { rating } }],
      result: undefined,
    };
  });
}

export async function unsubscribe(issueId: string): Promise<void> {
  await changeIssue(issueId, (issue) => {
    if (issue.unsubscribed) return noChange(undefined);
    return {
      events: [{ type: 'customer_unsubscribed', actor: { kind: 'customer' }, visibility: 'customer', data: {} }],
      set: { unsubscribed: true },
      result: undefined,
    };
  });
}

/**
 * "E-mail me my tracking codes": every open issue of the customer with this address gets a new code
 * (older codes and e-mail links of the issue stop working), e-mailed to them. An unknown address does
 * nothing, and the caller answers the same either way.
 */
export async function renewTrackingCodes(email: string): Promise<number> {
  const table = config.tableName();
  const found = await documentClient().send(new GetCommand({ TableName: table, Key: customerEmailEntity.key(email), ConsistentRead: true }));
  if (!found.Item) return 0;
  const { customerId } = customerEmailEntity.parse(found.Item);
  const open = (await issuesOfCustomer(customerId)).filter((issue) => issue.status !== 'closed');
  let renewed = 0;
  for (const { issueId } of open) {
    await changeIssue(issueId, (issue, now) => {
      const generation = (issue.trackingGeneration ?? 0) + 1;
      const event = { type: 'tracking_code_renewed' as const, actor: { kind: 'customer' as const }, visibility: 'internal' as const, data: { generation } };
      // The new code is minted by the sender as it mails it (of the generation then current): it never waits in the outbox in clear.
      return {
        events: [event],
        set: { trackingGeneration: generation },
        writes: [outboxPut({ kind: 'customer_new_code', to: { kind: 'customer', customerId }, issueId, cause: `${issueId}.${issue.eventCount + 1}` }, now)],
        result: undefined,
      };
    });
    renewed++;
  }
  return renewed;
}
