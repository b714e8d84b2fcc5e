import type { Db } from '@backhaul/prisma/db';
import type { Prisma } from '@backhaul/prisma/client';
import { refreshSearchText } from '@backhaul/schema/customers/customers.service.ts';
import type { Subscriber } from '@backhaul/schema/radius/policy.ts';
import type { Log } from '@backhaul/schema/shared/log.ts';
import type { SecretBox } from '@backhaul/schema/shared/secrets.ts';

const SELECT = {
  id: true,
  login: true,
  passwordEnc: true,
  mac: true,
  status: true,
  startDate: true,
  endDate: true,
  routerId: true,
  bindToRouter: true,
  simultaneousUse: true,
  customer: { select: { id: true, status: true, partnerId: true } },
  tariff: {
    select: {
      name: true, downloadKbps: true, uploadKbps: true, burstDownloadKbps: true, burstUploadKbps: true,
      burstThresholdDownKbps: true, burstThresholdUpKbps: true, burstTimeSeconds: true, priority: true,
    },
  },
  ipAssignments: { select: { address: true, kind: true, networkId: true, network: { select: { family: true, usage: true } } } },
  router: {
    select: { networks: { where: { usage: { in: ['POOL', 'PREFIX_DELEGATION', 'BLOCKED'] } }, select: { id: true, usage: true, poolName: true }, orderBy: { id: 'asc' } } },
  },
} satisfies Prisma.ServiceSelect;

type Row = Prisma.ServiceGetPayload<{ select: typeof SELECT }>;

/** How long an unknown login or MAC is remembered as unknown before the database is asked again. */
const NEGATIVE_TTL_MS = 10_000;
const LOAD_PAGE = 5_000;

/**
 * Every service as RADIUS needs it, in memory: loaded whole at start, kept fresh by
 * SubscriberChanged events (`refresh`), and asked for on a miss (a service created while an
 * event was lost). When the database is down, known subscribers keep authenticating from here.
 */
export class SubscriberCache {
  private readonly byLogin = new Map<string, Subscriber>();
  private readonly byMac = new Map<string, Subscriber>();
  private readonly byId = new Map<number, Subscriber>();
  private readonly unknown = new Map<string, number>();
  /** Services whose lease failed, until when not to try again (each try is a query). */
  private readonly leaseFailed = new Map<number, number>();

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    private readonly log: Log,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  async loadAll(): Promise<void> {
    let cursor: number | undefined;
    for (;;) {
      const rows = await this.db.service.findMany({
        select: SELECT,
        orderBy: { id: 'asc' },
        take: LOAD_PAGE,
        ...(cursor === undefined ? {} : { cursor: { id: cursor }, skip: 1 }),
      });
      for (const row of rows) this.put(this.toSubscriber(row));
      if (rows.length < LOAD_PAGE) return;
      cursor = rows.at(-1)!.id;
    }
  }

  byServiceId(id: number): Subscriber | undefined {
    return this.byId.get(id);
  }

  /** From memory only (the accounting path must not wait for the database). */
  peekLogin(login: string): Subscriber | undefined {
    return this.byLogin.get(login);
  }

  peekMac(mac: string): Subscriber | undefined {
    return this.byMac.get(mac);
  }

  /** The service with this login: from memory, else from the database (unless recently unknown). */
  async findByLogin(login: string): Promise<Subscriber | undefined> {
    return this.byLogin.get(login) ?? this.miss(`login:${login}`, { login });
  }

  /** The service with this MAC (`aa:bb:cc:dd:ee:ff`). */
  async findByMac(mac: string): Promise<Subscriber | undefined> {
    return this.byMac.get(mac) ?? this.miss(`mac:${mac}`, { mac });
  }

  /** Reloads one service after a change (or drops it when it is gone). */
  async refresh(serviceId: number): Promise<Subscriber | undefined> {
    const row = await this.db.service.findUnique({ where: { id: serviceId }, select: SELECT });
    this.remove(serviceId);
    if (!row) return undefined;
    const subscriber = this.toSubscriber(row);
    this.put(subscriber);
    return subscriber;
  }

  /**
   * Leases the subscriber an address from its router's pool (a DYNAMIC IP assignment the service
   * keeps), and returns the subscriber with it; undefined when the pool is full or the database
   * cannot be reached (the NAS then allocates from Framed-Pool, as without leasing).
   */
  async lease(subscriber: Subscriber): Promise<Subscriber | undefined> {
    const networkId = subscriber.poolNetworkId;
    if (networkId === null || (this.leaseFailed.get(subscriber.serviceId) ?? 0) > Date.now()) return undefined;
    this.leaseFailed.set(subscriber.serviceId, Date.now() + 60_000);
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        // The lowest free host address; a concurrent lease of the same one loses the race to the
        // unique and exclusion constraints (ON CONFLICT DO NOTHING) and tries again.
        const rows = await this.db.$queryRaw<Array<{ address: string }>>`
          INSERT INTO "IpAssignment" ("networkId", address, kind, "serviceId", description)
          SELECT n.id, c.address, 'DYNAMIC', ${subscriber.serviceId}, 'leased by RADIUS'
          FROM "IpNetwork" n
          CROSS JOIN LATERAL (
            SELECT set_masklen(network(n.cidr) + i, 32) AS address
            FROM generate_series(1::bigint, (2::bigint ^ (32 - masklen(n.cidr)))::bigint - 2) AS i
            WHERE set_masklen(network(n.cidr) + i, 32) IS DISTINCT FROM set_masklen(n.gateway, 32)
              AND NOT EXISTS (SELECT 1 FROM "IpAssignment" a WHERE a.address = set_masklen(network(n.cidr) + i, 32))
            ORDER BY i LIMIT 1
          ) c
          WHERE n.id = ${networkId} AND n.family = 'IPV4'
            AND NOT EXISTS (SELECT 1 FROM "IpAssignment" a WHERE a."serviceId" = ${subscriber.serviceId} AND a."networkId" = n.id)
          ON CONFLICT DO NOTHING
          RETURNING host(address) AS address`;
        if (rows[0]) {
          this.leaseFailed.delete(subscriber.serviceId);
          this.log.info(`leased ${rows[0].address} to ${subscriber.login}`);
          await refreshSearchText(this.db, subscriber.customerId); // staff find the customer by the address
          return (await this.refresh(subscriber.serviceId)) ?? undefined;
        }
        const refreshed = await this.refresh(subscriber.serviceId);
        if (refreshed?.leasedIpv4) {
          this.leaseFailed.delete(subscriber.serviceId);
          return refreshed; // another process leased it meanwhile
        }
      }
      this.log.warn(`no free address in the pool of ${subscriber.login}'s router; the NAS allocates from Framed-Pool`);
    } catch (error) {
      this.log.warn('could not lease an address; the NAS allocates from Framed-Pool', { login: subscriber.login, error: (error as Error).message });
    }
    return undefined;
  }

  /** Forgets a login (a service renamed or deleted) so the next request asks the database. */
  forgetLogin(login: string): void {
    const s = this.byLogin.get(login);
    if (s) this.remove(s.serviceId);
    this.unknown.delete(`login:${login}`);
  }

  private async miss(key: string, where: Prisma.ServiceWhereUniqueInput): Promise<Subscriber | undefined> {
    const until = this.unknown.get(key);
    if (until !== undefined && until > Date.now()) return undefined;
    let row: Row | null;
    try {
      row = await this.db.service.findUnique({ where, select: SELECT });
    } catch (error) {
      this.log.debug('subscriber lookup failed (database down?)', { key, error: (error as Error).message });
      return undefined;
    }
    if (!row) {
      if (this.unknown.size > 100_000) this.unknown.clear();
      this.unknown.set(key, Date.now() + NEGATIVE_TTL_MS);
      return undefined;
    }
    const subscriber = this.toSubscriber(row);
    this.put(subscriber);
    return subscriber;
  }

  private put(s: Subscriber): void {
    this.byId.set(s.serviceId, s);
    this.byLogin.set(s.login, s);
    if (s.mac) this.byMac.set(s.mac, s);
    this.unknown.delete(`login:${s.login}`);
    if (s.mac) this.unknown.delete(`mac:${s.mac}`);
  }

  private remove(serviceId: number): void {
    const s = this.byId.get(serviceId);
    if (!s) return;
    this.byId.delete(serviceId);
    if (this.byLogin.get(s.login) === s) this.byLogin.delete(s.login);
    if (s.mac && this.byMac.get(s.mac) === s) this.byMac.delete(s.mac);
  }

  private toSubscriber(row: Row): Subscriber {
    let password: string | null = null;
    if (row.passwordEnc) {
      try {
        password = this.secrets.open(row.passwordEnc);
      } catch {
        this.log.error('cannot decrypt a service password (wrong SERVER_KEY?)', { login: row.login });
      }
    }
    const address = (family: 'IPV4' | 'IPV6') =>
      row.ipAssignments.find((a) => a.network.family === family && a.network.usage === 'STATIC')?.address ?? null;
    const network = (usage: 'POOL' | 'PREFIX_DELEGATION' | 'BLOCKED') => row.router?.networks.find((n) => n.usage === usage && n.poolName);
    const pool = (usage: 'POOL' | 'PREFIX_DELEGATION' | 'BLOCKED') => network(usage)?.poolName ?? null;
    const poolNetwork = network('POOL');
    const leased = poolNetwork ? row.ipAssignments.find((a) => a.kind === 'DYNAMIC' && a.networkId === poolNetwork.id) : undefined;
    return {
      serviceId: row.id,
      customerId: row.customer.id,
      partnerId: row.customer.partnerId,
      login: row.login,
      password,
      mac: row.mac,
      serviceStatus: row.status,
      customerStatus: row.customer.status,
      startDate: row.startDate,
      endDate: row.endDate,
      routerId: row.routerId,
      bindToRouter: row.bindToRouter,
      simultaneousUse: row.simultaneousUse,
      tariff: row.tariff,
      staticIpv4: address('IPV4')?.replace(/\/32$/, '') ?? null,
      staticIpv6Prefix: address('IPV6'),
      leasedIpv4: leased?.address.replace(/\/32$/, '') ?? null,
      pool: pool('POOL'),
      poolNetworkId: poolNetwork?.id ?? null,
      blockedPool: pool('BLOCKED'),
      ipv6Pool: pool('PREFIX_DELEGATION'),
    };
  }
}
