// Whether the customer wrote since staff last did anything on the issue: the queue flags such
// issues, so a reply or a late message is not left unseen. Baton keeps no per-person read marks;
// any staff action on the issue (a note, a claim, a completion…) counts as having read it.
export function hasUnreadCustomerMessage(events: ReadonlyArray<{ type: string; seq: number; actor: { kind: string } }>): boolean {
  const lastMessage = Math.max(0, ...events.filter((event) => event.type === 'customer_message').map((event) => event.seq));
  const lastStaff = Math.max(0, ...events.filter((event) => event.actor.kind === 'staff').map((event) => event.seq));
  return lastMessage > lastStaff;
}
