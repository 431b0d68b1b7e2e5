// What a customer submits through the public form, and how it is validated.
import { z } from 'zod';
import { flowIds } from '#shared/flows/catalog.ts';
import { languageSchema } from '#shared/domain/language.ts';
import { emailAddress, optionalText, phoneNumber, requiredText } from '#shared/domain/fields.ts';
import { customerMessage, type NewEvent } from '#shared/domain/events.ts';

export const submitIssueBody = z.strictObject({
  customer: z.strictObject({
    name: requiredText(200),
    email: emailAddress,
    phone: phoneNumber,
    company: optionalText(200),
  }),
  category: z.enum(flowIds, { error: `Must be one of: ${flowIds.join(', ')}.` }),
  subject: requiredText(200),
  description: requiredText(10_000),
  orderRef: optionalText(100),
  /** The language the customer's e-mails are written in (the form sends the one it is shown in). */
  language: languageSchema.default('en'),
});

export type SubmitIssue = z.infer<typeof submitIssueBody>;

/** A submission about an order whose issue is still open joins that issue; staff see it marked as unverified. */
export function attachedSubmission(submission: SubmitIssue): NewEvent {
  // Unverified: anyone who knows the e-mail and order reference can send this, so it is for staff only.
  return customerMessage(submission.description, 'internal', { unverified: true, via: 'intake_form', subject: submission.subject, category: submission.category });
}
