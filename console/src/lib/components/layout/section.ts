import { error, redirect } from '@sveltejs/kit';
import { session } from '$lib/api/app.svelte';
import { allowedPages, NAV_ITEMS, type Viewer } from './nav';

/** The signed-in staff member, as the navigation sees them. */
export function viewer(): Viewer {
  const s = session();
  return { can: (p) => s.can(p), partnerBound: Boolean(s.me?.partner) };
}

/** A section's own address opens the first of its pages this staff member may use. */
export function openFirstPage(section: string): never {
  const first = allowedPages(section, viewer())[0];
  if (!first) error(403, `Your role does not include ${NAV_ITEMS.find((i) => i.href === section)?.label ?? 'this section'}.`);
  redirect(307, first.href);
}

/** A page's load: refuses with 403 unless the staff member holds one of `anyOf`. */
export function requireAny(anyOf: readonly string[], what: string): void {
  if (!anyOf.some((p) => session().can(p))) error(403, `Your role does not include ${what}.`);
}
