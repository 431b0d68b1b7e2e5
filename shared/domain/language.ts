// The two languages Baton speaks to people in: pages, e-mails. A customer's is recorded at intake.
import { z } from 'zod';

export const languages = ['en', 'zh-CN'] as const;
export const languageSchema = z.enum(languages);
export type Language = z.infer<typeof languageSchema>;
