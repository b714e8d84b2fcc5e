import { api, session } from '$lib/api/app.svelte';
import { describeError } from '$lib/api/errors';
import { requireAny } from '$lib/components/layout/section';
import { RoleChoicesQuery, StaffListQuery } from '$lib/graphql/admin';
import { ADMIN_PAGE_SIZE, parsePage } from '$lib/shared/admin-paging';
import { pageArgs } from '$lib/shared/cursor-page';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, depends, parent }) => {
  await parent();
  depends('app:admin:staff');
  requireAny(['staff:read'], 'the staff list');
  try {
    const [list, choices] = await Promise.all([
      api().request(StaffListQuery, { ...pageArgs(parsePage(url.searchParams), ADMIN_PAGE_SIZE), withPartner: session().can('partners:read') }),
      // The roles to give are needed only by those who may create and edit staff.
      session().can('staff:write') ? api().request(RoleChoicesQuery) : Promise.resolve(null),
    ]);
    return { list: list.staffUsers, roles: choices?.roles ?? [], error: null };
  } catch (e) {
    // Shown in the table with a retry.
    return { list: null, roles: [], error: describeError(e) };
  }
};
