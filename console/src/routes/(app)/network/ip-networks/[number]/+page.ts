import { error } from '@sveltejs/kit';
import { api, session } from '$lib/api/app.svelte';
import { describeError, isApiError } from '$lib/api/errors';
import { requireAny } from '$lib/components/layout/section';
import { IpNetworkQuery } from '$lib/graphql/network';
import { nodeGlobalId } from '$lib/shared/customer-list';
import { looksLikeAddress, parseAssignmentParams } from '$lib/shared/network-ip';
import { pageVariables, positiveInt } from '$lib/shared/network-list';
import type { PageLoad } from './$types';

const NOT_AN_ADDRESS = 'is not an address or block, e.g. 10.0.0.5 or 10.0.0.0/28';

export const load: PageLoad = async ({ params: route, url, depends, parent }) => {
  await parent();
  const number = positiveInt(route.number);
  if (!number) error(404, `“${route.number}” is not a network number.`);
  depends(`app:ip-network:${number}`);
  requireAny(['network:read'], 'IP networks');
  const params = parseAssignmentParams(url.searchParams);
  const s = session();
  // Partner-bound staff see every address in use, but not other partners' services.
  const withServices = s.can('services:read') && !s.me?.partner;
  const fetch = (within: string | null) =>
    api().request(IpNetworkQuery, {
      id: nodeGlobalId('IpNetwork', number),
      networkId: number,
      ...(within ? { within } : {}),
      ...pageVariables(params.cursor),
      withPartner: s.can('partners:read'),
      withServices,
      withCustomers: withServices && s.can('customers:read'),
    });
  // The API refuses the whole request for a search that is not an address: then the network
  // is shown with all its assignments and the message goes next to the search box.
  let withinError = params.within && !looksLikeAddress(params.within) ? NOT_AN_ADDRESS : null;
  let data;
  try {
    try {
      data = await fetch(withinError ? null : params.within || null);
    } catch (e) {
      if (!params.within || withinError || !isApiError(e) || e.kind !== 'graphql') throw e;
      withinError = NOT_AN_ADDRESS;
      data = await fetch(null);
    }
  } catch (e) {
    error(isApiError(e) && e.kind === 'forbidden' ? 403 : 503, describeError(e));
  }
  const network = data.node && 'cidr' in data.node ? data.node : null;
  if (!network) error(404, `There is no IP network ${number}.`);
  return { number, params, withinError, network, assignments: data.ipAssignments };
};
