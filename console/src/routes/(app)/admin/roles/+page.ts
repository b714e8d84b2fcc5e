import { api } from '$lib/api/app.svelte';
import { describeError } from '$lib/api/errors';
import { requireAny } from '$lib/components/layout/section';
import { RolesQuery } from '$lib/graphql/admin';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ depends, parent }) => {
  await parent();
  depends('app:admin:roles');
  requireAny(['staff:read', 'roles:write'], 'roles');
  try {
    const data = await api().request(RolesQuery);
    return { roles: data.roles, permissions: data.permissions, error: null };
  } catch (e) {
    return { roles: [], permissions: [], error: describeError(e) };
  }
};
