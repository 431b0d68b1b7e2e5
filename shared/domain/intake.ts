// What a customer submits through the public form, and how it is validated.
import { z } from 'zod';
import { flowIds } from '#shared/flows/catalog.ts';
import { languageSchema } from '#shared/domain/language.ts';
import { emailAddress, optionalText, phoneNumber, requiredText } from '#shared/domain/fields.ts';

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
