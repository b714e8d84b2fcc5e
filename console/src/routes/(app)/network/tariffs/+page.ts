import { api, session } from '$lib/api/app.svelte';
import { describeError } from '$lib/api/errors';
import { requireAny } from '$lib/components/layout/section';
import { TariffListQuery } from '$lib/graphql/network';
import { pageVariables } from '$lib/shared/network-list';
import { parseTariffParams } from '$lib/shared/network-tariffs';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, depends, parent }) => {
  await parent();
  depends('app:tariffs');
  requireAny(['tariffs:read'], 'tariffs');
  const params = parseTariffParams(url.searchParams);
  try {
    const data = await api().request(TariffListQuery, {
      includeArchived: params.archived,
      ...pageVariables(params.cursor),
      withServiceCount: session().can('services:read'),
    });
    return { params, list: data.tariffs, error: null };
  } catch (e) {
    // Shown in the table with a retry: the page around it stays usable.
    return { params, list: null, error: describeError(e) };
  }
};
