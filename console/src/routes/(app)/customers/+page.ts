import { error } from '@sveltejs/kit';
import { api, session } from '$lib/api/app.svelte';
import { describeError } from '$lib/api/errors';
import { CustomerListQuery } from '$lib/graphql/customers';
import { listVariables, parseListParams } from '$lib/shared/customer-list';
import type { PageLoad } from './$types';

/** Counting stops here: past it the list says "1,000+" (an exact count reads every match). */
const COUNT_UP_TO = 1_000;

export const load: PageLoad = async ({ url, depends, parent }) => {
  // The layout's load knows who is signed in; permissions are checked after it.
  await parent();
  depends('app:customers');
  if (!session().can('customers:read')) error(403, 'Your role does not include the customer list.');
  const params = parseListParams(url.searchParams);
  try {
    const data = await api().request(CustomerListQuery, {
      ...listVariables(params),
      countUpTo: COUNT_UP_TO,
      withServices: session().can('services:read'),
    });
    return { params, list: data.customers, error: null };
  } catch (e) {
    // Shown in the table with a retry: the search box stays usable.
    return { params, list: null, error: describeError(e) };
  }
};
