import type { IconName } from '../common/icons';

/** A page of a section, shown in the section's tabs when the staff member holds any of `anyOf`. */
export interface NavPage {
  href: string;
  label: string;
  anyOf: readonly string[];
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
    { href: '/admin/settings', label: 'Settings', anyOf: ['settings:write'] },
  ]),
];

/** A section shown to whoever may open any of its pages. */
function section(href: string, label: string, icon: IconName, pages: readonly NavPage[]): NavItem {
  return { href, label, icon, pages, anyOf: [...new Set(pages.flatMap((p) => p.anyOf))] };
}

export function allowedNav(can: (permission: string) => boolean): NavItem[] {
  return NAV_ITEMS.filter((item) => item.anyOf.some(can));
}

/** The pages of the section at `href` that the permissions allow, in their order. */
export function allowedPages(href: string, can: (permission: string) => boolean): NavPage[] {
  const item = NAV_ITEMS.find((i) => i.href === href);
  return (item?.pages ?? []).filter((p) => p.anyOf.some(can));
}

/** Whether `href` is the current section: `/customers` is current on `/customers/42`. */
export function isCurrent(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
