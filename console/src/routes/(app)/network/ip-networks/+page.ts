import { api, session } from '$lib/api/app.svelte';
import { describeError } from '$lib/api/errors';
import { requireAny } from '$lib/components/layout/section';
import { IpNetworkListQuery } from '$lib/graphql/network';
import { ipNetworkVariables, parseIpNetworkParams } from '$lib/shared/network-ip';
import { pageVariables } from '$lib/shared/network-list';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, depends, parent }) => {
  await parent();
  depends('app:ip-networks');
  requireAny(['network:read'], 'IP networks');
  const params = parseIpNetworkParams(url.searchParams);
  try {
    const data = await api().request(IpNetworkListQuery, {
      ...ipNetworkVariables(params),
      ...pageVariables(params.cursor),
      withPartner: session().can('partners:read'),
    });
    return { params, list: data.ipNetworks, error: null };
  } catch (e) {
    return { params, list: null, error: describeError(e) };
  }
};
