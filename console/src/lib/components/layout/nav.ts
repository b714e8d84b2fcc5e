import type { IconName } from '../common/icons';

/** One entry of the main navigation; shown when the staff member holds any of `anyOf`. */
export interface NavItem {
  href: string;
  label: string;
  icon: IconName;
  anyOf: readonly string[];
}

/**
 * The console's navigation, in one place: each later screen (routers, monitoring, billing…) adds
 * its entry here with the permissions that let a role see it. The server refuses what a role may
 * not do anyway; this only keeps such screens out of sight.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Dashboard', icon: 'dashboard', anyOf: ['sessions:read'] },
  { href: '/customers', label: 'Customers', icon: 'customers', anyOf: ['customers:read'] },
  { href: '/network', label: 'Network', icon: 'network', anyOf: ['network:read', 'tariffs:read'] },
  { href: '/admin', label: 'Administration', icon: 'admin', anyOf: ['staff:read', 'audit:read', 'roles:write', 'apikeys:write', 'partners:read', 'settings:write'] },
];

export function allowedNav(can: (permission: string) => boolean): NavItem[] {
  return NAV_ITEMS.filter((item) => item.anyOf.some(can));
}

/** Whether `href` is the current section: `/customers` is current on `/customers/42`. */
export function isCurrent(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
