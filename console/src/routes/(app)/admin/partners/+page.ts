import { api, session } from '$lib/api/app.svelte';
import { describeError } from '$lib/api/errors';
import { requireAny } from '$lib/components/layout/section';
import { PartnersQuery } from '$lib/graphql/admin';
import { ADMIN_PAGE_SIZE, parsePage } from '$lib/shared/admin-paging';
import { pageArgs } from '$lib/shared/cursor-page';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, depends, parent }) => {
  await parent();
  depends('app:admin:partners');
  requireAny(['partners:read'], 'partners');
  try {
    const data = await api().request(PartnersQuery, { ...pageArgs(parsePage(url.searchParams), ADMIN_PAGE_SIZE), withCustomers: session().can('customers:read') });
    return { list: data.partners, error: null };
  } catch (e) {
    return { list: null, error: describeError(e) };
  }
};
