import { api, session } from '$lib/api/app.svelte';
import { describeError } from '$lib/api/errors';
import { requireAny } from '$lib/components/layout/section';
import { ApiKeysQuery } from '$lib/graphql/admin';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ depends, parent }) => {
  await parent();
  depends('app:admin:api-keys');
  requireAny(['apikeys:write'], 'API keys');
  try {
    const data = await api().request(ApiKeysQuery, { withCreator: session().can('staff:read') });
    return { keys: data.apiKeys, permissions: data.permissions, error: null };
  } catch (e) {
    return { keys: [], permissions: [], error: describeError(e) };
  }
};
