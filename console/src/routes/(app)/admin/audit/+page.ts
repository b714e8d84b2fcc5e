import { readFragment } from 'gql.tada';
import { api, session } from '$lib/api/app.svelte';
import { describeError } from '$lib/api/errors';
import { requireAny } from '$lib/components/layout/section';
import { AuditEntryFragment, AuditLogsQuery, StaffChoicesQuery } from '$lib/graphql/admin';
import { auditFilterInput, parseAuditParams } from '$lib/shared/admin-audit';
import { ADMIN_PAGE_SIZE } from '$lib/shared/admin-paging';
import { allNodes, pageArgs } from '$lib/shared/cursor-page';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, depends, parent }) => {
  await parent();
  depends('app:admin:audit');
  requireAny(['audit:read'], 'the audit log');
  const params = parseAuditParams(url.searchParams);
  try {
    const [logs, staff] = await Promise.all([
      api().request(AuditLogsQuery, { filter: auditFilterInput(params), ...pageArgs(params.page, ADMIN_PAGE_SIZE) }),
      // The staff filter offers names to those who may read staff; the others filter by link only.
      session().can('staff:read') ? allNodes(async (after) => (await api().request(StaffChoicesQuery, { after })).staffUsers) : Promise.resolve([]),
    ]);
    const entries = logs.auditLogs.edges.map((e) => readFragment(AuditEntryFragment, e.node));
    return { params, entries, pageInfo: logs.auditLogs.pageInfo, staff, error: null };
  } catch (e) {
    return { params, entries: [], pageInfo: null, staff: [], error: describeError(e) };
  }
};
