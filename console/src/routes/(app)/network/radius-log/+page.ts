import { api, session } from '$lib/api/app.svelte';
import { describeError } from '$lib/api/errors';
import { requireAny } from '$lib/components/layout/section';
import { RadiusLogQuery } from '$lib/graphql/network';
import { parseRadiusLogParams, radiusLogVariables } from '$lib/shared/network-radius-log';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, depends, parent }) => {
  await parent();
  depends('app:radius-log');
  requireAny(['sessions:read'], 'the RADIUS log');
  const params = parseRadiusLogParams(url.searchParams);
  try {
    const data = await api().request(RadiusLogQuery, {
      ...radiusLogVariables(params),
      withRouters: session().can('network:read'),
      withCustomers: session().can('customers:read'),
    });
    return { params, list: data.radiusLog, reasons: data.radiusRejectReasons, error: null };
  } catch (e) {
    return { params, list: null, reasons: [], error: describeError(e) };
  }
};
