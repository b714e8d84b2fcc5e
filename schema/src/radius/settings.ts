import { z } from 'zod';
import type { Db } from '@backhaul/prisma/db';

/** The Setting row that holds the RADIUS settings. */
export const RADIUS_SETTINGS_KEY = 'radius';

/**
 * What the ISP chooses for RADIUS. A blocked (non-paying) customer is either accepted into the
 * blocked state — a MikroTik address list the router redirects to the blocked-customer page, or
 * an address from the blocked pool — or rejected.
 */
export const radiusSettingsSchema = z.object({
  blockedMode: z.enum(['ADDRESS_LIST', 'POOL', 'REJECT']).default('ADDRESS_LIST'),
  blockedAddressList: z.string().trim().min(1).max(63).regex(/^[\w.-]+$/, 'letters, digits, ".", "-" and "_" only').default('backhaul-blocked'),
  /** The Framed-Pool of the blocked state for routers without a BLOCKED network of their own. */
  blockedPool: z.string().trim().min(1).max(63).regex(/^[\w.-]+$/, 'letters, digits, ".", "-" and "_" only').default('blocked'),
  /**
   * Who picks the address of a service without a static one: NAS (Framed-Pool; the router
   * allocates from its pool) or BACKHAUL (Backhaul leases the service an address from the
   * router's pool on its first login, keeps it for the service, and sends it as Framed-IP-Address).
   */
  poolAddresses: z.enum(['NAS', 'BACKHAUL']).default('NAS'),
  /** Speed of a blocked session, both ways: enough for the payment page. */
  blockedRateKbps: z.number().int().min(64).max(1_000_000).default(512),
  /** Acct-Interim-Interval sent in every Access-Accept. */
  interimIntervalSeconds: z.number().int().min(60).max(86_400).default(300),
  /** Sessions without an accounting update for this many interim intervals are closed as stale. */
  staleAfterIntervals: z.number().int().min(2).max(20).default(3),
  /** Session-Timeout in every Access-Accept; 0 sends none. */
  sessionTimeoutSeconds: z.number().int().min(0).max(31_536_000).default(0),
  /** How long accepts and rejects stay in the RADIUS log. */
  authLogRetentionDays: z.number().int().min(1).max(3_650).default(90),
});

export type RadiusSettings = z.infer<typeof radiusSettingsSchema>;

export const DEFAULT_RADIUS_SETTINGS: RadiusSettings = radiusSettingsSchema.parse({});

/** The stored settings over the defaults; a stored value that no longer validates falls back to its default. */
export function parseRadiusSettings(stored: unknown): RadiusSettings {
  const parsed = radiusSettingsSchema.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  const object = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  return radiusSettingsSchema.parse(Object.fromEntries(Object.entries(object).filter(([key]) => !bad.has(key))));
}

export async function loadRadiusSettings(db: Pick<Db, 'setting'>): Promise<RadiusSettings> {
  const row = await db.setting.findUnique({ where: { key: RADIUS_SETTINGS_KEY } });
  return parseRadiusSettings(row?.value);
}
