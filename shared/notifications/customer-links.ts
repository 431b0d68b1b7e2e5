// The links in a customer's e-mail. They open the tracking page on the issue with everything it needs
// in the URL's fragment (#code=…&email=…&act=…), which browsers never send to a server: the code is in
// no request line and no access log. Each e-mail carries a code of its own, minted as it is sent (the
// issue's codes are stored only as hashes), valid like the tracking code until the codes are renewed.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { now } from '#shared/clock.ts';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { trackingCodeEntity } from '#shared/data/entities/tracking-code.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { hashTrackingCode, newTrackingCode } from '#shared/domain/tracking-code.ts';

/** What the tracking page does when opened from the link. */
export type TrackAction = 'view' | 'reply' | 'rate' | 'unsubscribe';

/** A link code outlives any reasonable wait for a reply; the issue's own code has no end. */
const linkCodeDays = 60;

/**
 * A new code of the issue's current generation, stored as its hash; the clear code exists only in the
 * mail being sent. `lasting`: the code the customer keeps (a confirmation, renewed codes), with no end.
 */
export async function mintLinkCode(issue: Pick<IssueRecord, 'issueId' | 'trackingGeneration'>, options: { lasting?: boolean } = {}): Promise<string> {
  const code = newTrackingCode();
  await documentClient().send(
    new PutCommand({
      TableName: config.tableName(),
      Item: trackingCodeEntity.item(hashTrackingCode(code), issue.issueId, {
        generation: issue.trackingGeneration ?? 0,
        via: 'email',
        ...(options.lasting ? {} : { expiresAt: Math.floor(now() / 1000) + linkCodeDays * 24 * 3600 }),
      }),
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return code;
}

export const trackingUrl = (code: string, email: string, act: TrackAction) =>
  `${config.siteUrl()}/track#${new URLSearchParams({ code, email, act }).toString()}`;
