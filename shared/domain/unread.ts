// Whether the customer wrote since staff last did anything on the issue: the queue flags such
// issues, so a reply or a late message is not left unseen. Baton keeps no per-person read marks;
// any staff action on the issue (a note, a claim, a completion…) counts as having read it.
type Seen = { type: string; actor: { kind: string } };

/**
 * The flag after `events`, given what it was before them: a customer's message sets it, any staff action clears it,
 * anything else leaves it. `undefined` before (an issue stored before the flag existed) stays undefined until one of
 * those comes: only its whole history can tell.
 */
export function unreadAfter(before: boolean | undefined, events: ReadonlyArray<Seen>): boolean | undefined {
  let unread = before;
  for (const event of events) {
    if (event.type === 'customer_message') unread = true;
    else if (event.actor.kind === 'staff') unread = false;
  }
  return unread;
}

/** The flag from an issue's whole history. */
export function hasUnreadCustomerMessage(events: ReadonlyArray<Seen>): boolean {
  return unreadAfter(false, events) ?? false;
}
