import type { Permission } from '../admin/permissions.ts';

/** Who is making a request. Partner-bound principals see only their partner's customers. */
export type Principal =
  | {
      kind: 'staff';
      staffId: number;
      sessionId: number;
      partnerId: number | null;
      permissions: ReadonlySet<Permission>;
    }
  | {
      kind: 'apiKey';
      apiKeyId: number;
      staffId: number | null;
      partnerId: number | null;
      permissions: ReadonlySet<Permission>;
    }
  | { kind: 'customer'; customerId: number; partnerId: number };

/** The actor recorded in the audit log. */
export interface Actor {
  type: 'STAFF' | 'API_KEY' | 'SYSTEM' | 'CUSTOMER';
  staffId: number | null;
  apiKeyId: number | null;
  ip: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: 'SYSTEM', staffId: null, apiKeyId: null, ip: null };

export function actorOf(principal: Principal | null, ip: string | null): Actor {
  switch (principal?.kind) {
    case 'staff':
      return { type: 'STAFF', staffId: principal.staffId, apiKeyId: null, ip };
    case 'apiKey':
      return { type: 'API_KEY', staffId: principal.staffId, apiKeyId: principal.apiKeyId, ip };
    case 'customer':
      return { type: 'CUSTOMER', staffId: null, apiKeyId: null, ip };
    default:
      return { ...SYSTEM_ACTOR, ip };
  }
}

/** The partner a principal is bound to, or null when it sees every partner. */
export function partnerOf(principal: Principal | null): number | null {
  return principal?.partnerId ?? null;
}

export function hasPermission(principal: Principal | null, permission: Permission): boolean {
  return principal !== null && principal.kind !== 'customer' && principal.permissions.has(permission);
}
