// Field rules shared by every input schema: trimmed, non-empty, bounded text.
import { z } from 'zod';

/** A required string: trimmed, non-empty after trimming, at most `max` characters. */
export const requiredText = (max: number) =>
  z.string().trim().min(1, 'Must not be empty.').max(max, `At most ${max} characters.`);

/** An optional string: trimmed; an empty string counts as absent. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .optional()
    .transform((value) => (value === '' ? undefined : value));

/** Emails are compared and looked up in one normal form: trimmed and lower-cased. */
export const emailAddress = z
  .string()
  .trim()
  .max(254, 'At most 254 characters.')
  .toLowerCase()
  .pipe(z.email('Must be an email address.'));

export const phoneNumber = z
  .string()
  .trim()
  .max(40, 'At most 40 characters.')
  .regex(/^\+?[0-9 ()./-]{0,40}$/, 'Digits, spaces and + ( ) - . / only.')
  .optional()
  .transform((value) => (value === '' ? undefined : value));
