// GET /api/customers/{customerId} — a customer and all their issues (any staff member).
import { issuesOfCustomer, readCustomer } from '#shared/data/read-models.ts';
import { customerIdParams } from '#shared/api/schemas.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { notFound } from '#shared/http/errors.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readPath, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  staffCaller(event);
  const { customerId } = readPath(event, customerIdParams);
  readQuery(event, noQuery);
  const [customer, issues] = await Promise.all([readCustomer(customerId), issuesOfCustomer(customerId)]);
  if (!customer) throw notFound(`No customer ${customerId}.`);
  return jsonResponse(200, { customer, issues });
});
