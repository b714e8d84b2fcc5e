import { error } from '@sveltejs/kit';
import { api, session } from '$lib/api/app.svelte';
import { describeError, isApiError } from '$lib/api/errors';
import { CustomerQuery } from '$lib/graphql/customers';
import { customerGlobalId } from '$lib/shared/customer-list';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, depends, parent }) => {
  await parent();
  const number = /^\d{1,9}$/.test(params.number) ? Number(params.number) : null;
  if (!number) error(404, `“${params.number}” is not a customer number.`);
  depends(`app:customer:${number}`);
  if (!session().can('customers:read')) error(403, 'Your role does not include customers.');
  let data;
  try {
    data = await api().request(CustomerQuery, { id: customerGlobalId(number), withServices: session().can('services:read') });
  } catch (e) {
    error(isApiError(e) && e.kind === 'forbidden' ? 403 : 503, describeError(e));
  }
  if (!data.customer) error(404, `There is no customer ${number}, or it belongs to a partner you do not serve.`);
  return { number, customer: data.customer };
};
