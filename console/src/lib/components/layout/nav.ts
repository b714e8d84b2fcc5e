import type { IconName } from '../common/icons';

/** A page of a section, shown in the section's tabs when the staff member holds any of `anyOf`. */
export interface NavPage {
  href: string;
  label: string;
  anyOf: readonly string[];
  /** It changes the whole ISP: not for staff bound to a partner (the API refuses them). */
  wholeIsp?: true;
}

/** Who is looking: their permissions, and whether they are bound to a partner. */
export interface Viewer {
  can(permission: string): boolean;
  partnerBound?: boolean;
}

/** One entry of the main navigation; shown when the staff member holds any of `anyOf`. */
export interface NavItem extends NavPage {
  icon: IconName;
  /** The section's own pages (tabs); the section's address opens the first one allowed. */
  pages?: readonly NavPage[];
}

/**
 * The console's navigation, in one place: each later screen (routers, monitoring, billing…) adds
 * its entry here with the permissions that let a role see it. The server refuses what a role may
 * not do anyway; this only keeps such screens out of sight.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Dashboard', icon: 'dashboard', anyOf: ['sessions:read'] },
  { href: '/customers', label: 'Customers', icon: 'customers', anyOf: ['customers:read'] },
  section('/network', 'Network', 'network', [
    { href: '/network/tariffs', label: 'Tariffs', anyOf: ['tariffs:read'] },
    { href: '/network/routers', label: 'Routers', anyOf: ['network:read'] },
    { href: '/network/ip-networks', label: 'IP networks', anyOf: ['network:read'] },
    { href: '/network/radius-log', label: 'RADIUS log', anyOf: ['sessions:read'] },
  ]),
  section('/admin', 'Administration', 'admin', [
    { href: '/admin/staff', label: 'Staff', anyOf: ['staff:read'] },
    { href: '/admin/roles', label: 'Roles', anyOf: ['staff:read', 'roles:write'] },
    { href: '/admin/api-keys', label: 'API keys', anyOf: ['apikeys:write'] },
    { href: '/admin/partners', label: 'Partners', anyOf: ['partners:read'] },
    { href: '/admin/audit', label: 'Audit log', anyOf: ['audit:read'] },
    { href: '/admin/settings', label: 'Settings', anyOf: ['settings:write'], wholeIsp: true },
  ]),
];

/** A section shown to whoever may open any of its pages. */
function section(href: string, label: string, icon: IconName, pages: readonly NavPage[]): NavItem {
  return { href, label, icon, pages, anyOf: [...new Set(pages.flatMap((p) => p.anyOf))] };
}

function allowed(page: NavPage, viewer: Viewer): boolean {
  return page.anyOf.some((p) => viewer.can(p)) && !(page.wholeIsp && viewer.partnerBound);
}

export function allowedNav(viewer: Viewer): NavItem[] {
  return NAV_ITEMS.filter((item) => (item.pages ? item.pages.some((p) => allowed(p, viewer)) : allowed(item, viewer)));
}

/** The pages of the section at `href` that the viewer may open, in their order. */
export function allowedPages(href: string, viewer: Viewer): NavPage[] {
  const item = NAV_ITEMS.find((i) => i.href === href);
  return (item?.pages ?? []).filter((p) => allowed(p, viewer));
}

/** Whether `href` is the current section: `/customers` is current on `/customers/42`. */
export function isCurrent(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
