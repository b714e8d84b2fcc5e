import type { Db } from '@backhaul/prisma/db';
import type { SecretBox } from '@backhaul/schema/shared/secrets.ts';
import type { Log } from '@backhaul/schema/shared/log.ts';

/** A NAS (router) allowed to talk to us, as the hot path needs it. */
export interface Nas {
  readonly routerId: number;
  readonly title: string;
  readonly vendor: 'MIKROTIK' | 'CISCO' | 'JUNIPER' | 'UBNT' | 'OTHER';
  /** The address its packets come from and CoA goes to (Router.nasIp). */
  readonly address: string;
  readonly secret: Buffer;
  readonly requireMessageAuthenticator: boolean;
  readonly coaPort: number;
  readonly partnerId: number | null;
}

const RELOAD_EVERY_MS = 30_000;
/** An unknown address triggers a reload at most this often (a flood from a stranger must not hammer the database). */
const RELOAD_ON_MISS_MS = 5_000;

/**
 * The NAS registry: packets are answered only for addresses in it, each with its own secret.
 * Reloaded every 30 s, and when a packet arrives from an unknown address (a router just added).
 * When the database is down the last good table stays in use.
 */
export class NasTable {
  private byAddress = new Map<string, Nas>();
  private byId = new Map<number, Nas>();
  private lastLoad = 0;
  private loading: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    private readonly log: Log,
  ) {}

  async start(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload().catch(() => undefined), RELOAD_EVERY_MS).unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  get size(): number {
    return this.byAddress.size;
  }

  /** The NAS at this source address; on a miss, schedules a reload so a new router is known within seconds. */
  lookup(address: string): Nas | undefined {
    const nas = this.byAddress.get(stripMappedPrefix(address));
    if (!nas && Date.now() - this.lastLoad > RELOAD_ON_MISS_MS) void this.reload().catch(() => undefined);
    return nas;
  }

  byRouterId(id: number): Nas | undefined {
    return this.byId.get(id);
  }

  all(): Iterable<Nas> {
    return this.byId.values();
  }

  reload(): Promise<void> {
    this.lastLoad = Date.now();
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    try {
      const routers = await this.db.router.findMany({
        select: { id: true, title: true, vendor: true, nasIp: true, radiusSecretEnc: true, requireMessageAuthenticator: true, coaPort: true, partnerId: true },
      });
      const byAddress = new Map<string, Nas>();
      const byId = new Map<number, Nas>();
      for (const r of routers) {
        let secret: Buffer;
        try {
          secret = Buffer.from(this.secrets.open(r.radiusSecretEnc), 'utf8');
        } catch {
          this.log.error('cannot decrypt the RADIUS secret of a NAS (wrong SERVER_KEY?); its packets are dropped', { router: r.title });
          continue;
        }
        const nas: Nas = {
          routerId: r.id,
          title: r.title,
          vendor: r.vendor,
          address: stripMappedPrefix(hostOf(r.nasIp)),
          secret,
          requireMessageAuthenticator: r.requireMessageAuthenticator,
          coaPort: r.coaPort,
          partnerId: r.partnerId,
        };
        byAddress.set(nas.address, nas);
        byId.set(nas.routerId, nas);
      }
      this.byAddress = byAddress;
      this.byId = byId;
    } catch (error) {
      this.log.warn('could not reload the NAS table; keeping the last one', { error: (error as Error).message });
      throw error;
    }
  }
}

/** PostgreSQL prints inet host addresses without a mask, but a /32 written with one keeps it. */
function hostOf(inet: string): string {
  return inet.replace(/\/(32|128)$/, '');
}

/** IPv4 packets on a dual-stack socket arrive as ::ffff:a.b.c.d. */
function stripMappedPrefix(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
