import { api, session } from '$lib/api/app.svelte';
import { describeError } from '$lib/api/errors';
import { requireAny } from '$lib/components/layout/section';
import { RouterListQuery } from '$lib/graphql/network';
import { pageVariables } from '$lib/shared/network-list';
import { parseRouterParams } from '$lib/shared/network-routers';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, depends, parent }) => {
  await parent();
  depends('app:routers');
  requireAny(['network:read'], 'routers');
  const params = parseRouterParams(url.searchParams);
  try {
    const search = params.search.trim();
    const data = await api().request(RouterListQuery, {
      ...(search ? { search } : {}),
      ...pageVariables(params.cursor),
      withPartner: session().can('partners:read'),
    });
    return { params, list: data.routers, error: null };
  } catch (e) {
    return { params, list: null, error: describeError(e) };
  }
};
