// The customer item: the only place personal data lives (so it can be redacted without rewriting
// history), and the e-mail item that makes an address unique and finds its customer.
import { z } from 'zod';

export const customerRecordSchema = z.object({
  customerId: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().optional(),
  company: z.string().optional(),
  createdAt: z.string(),
});
export type CustomerRecord = z.infer<typeof customerRecordSchema>;

export const customerEntity = {
  name: 'customer',
  key: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'CUSTOMER' }),
  item: (customer: CustomerRecord) => ({ ...customerEntity.key(customer.customerId), entity: 'customer', ...customer }),
  parse: (item: Record<string, unknown>): CustomerRecord => customerRecordSchema.parse(item),
};

const customerEmailSchema = z.object({ customerId: z.string() });

export const customerEmailEntity = {
  name: 'customerEmail',
  key: (email: string) => ({ pk: `EMAIL#${email}`, sk: 'EMAIL' }),
  item: (email: string, customerId: string) => ({ ...customerEmailEntity.key(email), entity: 'customerEmail', customerId }),
  parse: (item: Record<string, unknown>) => customerEmailSchema.parse(item),
};
