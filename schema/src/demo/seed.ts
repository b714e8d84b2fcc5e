import type { Db } from '@backhaul/prisma/db';
import { ensureBuiltInRoles } from '../admin/bootstrap.ts';
import { BUILT_IN_ROLES } from '../admin/permissions.ts';
import { formatCidr, parseBlock, size, type Block } from '../network/ip.ts';
import { hashPassword } from '../shared/passwords.ts';
import type { SecretBox } from '../shared/secrets.ts';
import { generateCustomer, insertCustomers, isoDate, reserveIds, type CustomerPlan, type CustomerRow, type IpRow, type TariffKind } from './customers.ts';
import { CPE_OUIS, type PopKey } from './data.ts';
import { createRandom, type Random } from './random.ts';

/**
 * The demo ISP: "Rivierland Net", a regional provider with two resellers, three MikroTik POPs
 * and 1,000 subscribers, created on first start (`npm start`) and by tests and benchmarks that
 * need a believable network. Everything is generated from a seeded PRNG, so it is the same on
 * every machine.
 */

/** The password of every demo staff account. Demo only: change it on anything reachable. */
export const DEMO_PASSWORD = 'backhaul-demo';

/** The super administrator `npm start` prints. */
export const DEMO_STAFF = { username: 'admin', password: DEMO_PASSWORD, role: 'Super administrator' } as const;

/** One staff account per built-in role, plus a manager bound to the reseller Betuwe Air. */
export const DEMO_STAFF_USERS: ReadonlyArray<{ username: string; name: string; role: string; partner?: string }> = [
  { username: DEMO_STAFF.username, name: 'Maarten Kok', role: 'Super administrator' },
  { username: 'office', name: 'Ingrid Hermans', role: 'Administrator' },
  { username: 'manager', name: 'Joost Verbeek', role: 'Manager' },
  { username: 'finance', name: 'Petra Schouten', role: 'Financial manager' },
  { username: 'sales', name: 'Lotte Vink', role: 'Customer creator' },
  { username: 'tech', name: 'Bram Kuipers', role: 'Technician' },
  { username: 'viewer', name: 'Noor Blom', role: 'Read-only' },
  { username: 'betuwe', name: 'Sander Wouters', role: 'Manager', partner: 'Betuwe Air' },
];

/** The ISP itself and its two resellers; `pops` are the areas a reseller sells in. */
export const DEMO_PARTNERS: ReadonlyArray<{ name: string; email: string; phone: string; weight: number; pops?: readonly PopKey[] }> = [
  { name: 'Rivierland Net', email: 'noc@rivierland.example', phone: '+31 344 700 100', weight: 70 },
  { name: 'Betuwe Air', email: 'support@betuwe-air.example', phone: '+31 345 210 300', weight: 18, pops: ['culemborg'] },
  { name: 'Bommelerwaard Glasvezel', email: 'info@bommelglas.example', phone: '+31 418 550 200', weight: 12, pops: ['zaltbommel'] },
];

/** The NAS that `radtest` (and the RADIUS tests) talk to: this machine. */
export const DEMO_NAS = {
  title: 'Tiel core',
  model: 'CCR2116-12G-4S+',
  nasIp: '127.0.0.1',
  secret: 'testing123',
  apiHost: '127.0.0.1',
  apiPort: 8728,
  apiUser: 'backhaul',
  apiPassword: 'demo-routeros-api',
  coaPort: 3799,
} as const;

/** Subscribers with known credentials for each RADIUS authentication method, all ACTIVE on {@link DEMO_NAS}. */
export const DEMO_SUBSCRIBERS = {
  /** PAP and CHAP (`radtest demo-pap demo-pap-secret 127.0.0.1 0 testing123`); has a static address. */
  pap: { login: 'demo-pap', password: 'demo-pap-secret', framedIp: '192.0.2.2', customer: 'Demo PAP Subscriber' },
  /** MS-CHAPv2 (`radtest -t mschap demo-mschap demo-mschap-secret 127.0.0.1 0 testing123`); gets a pool address. */
  mschap: { login: 'demo-mschap', password: 'demo-mschap-secret', customer: 'Demo MS-CHAPv2 Subscriber' },
  /** MAC authentication (DHCP/IPoE): the NAS sends the MAC as the User-Name; no password is stored. */
  mac: { login: 'demo-dhcp', mac: '02:00:5e:10:00:01', customer: 'Demo DHCP Subscriber' },
} as const;

/** How many customers the demo has (the three demo subscribers included). */
export const DEMO_CUSTOMER_COUNT = 1_000;

interface DemoRouter {
  pop: PopKey;
  title: string;
  model: string;
  ip: string;
  nasIp: string;
  secret: string;
  apiHost: string;
  apiPort: number;
  apiTls: boolean;
  apiPassword: string;
  requireMessageAuthenticator: boolean;
  location: string;
  latitude: string;
  longitude: string;
  networks: { static: string; gateway: string; pool: string; blocked: string; pd: string };
}

const ROUTERS: readonly DemoRouter[] = [
  {
    pop: 'tiel', title: DEMO_NAS.title, model: DEMO_NAS.model, ip: DEMO_NAS.nasIp, nasIp: DEMO_NAS.nasIp, secret: DEMO_NAS.secret,
    apiHost: DEMO_NAS.apiHost, apiPort: DEMO_NAS.apiPort, apiTls: false, apiPassword: DEMO_NAS.apiPassword,
    // radtest sends no Message-Authenticator; the remote POPs require it (BlastRADIUS).
    requireMessageAuthenticator: false,
    location: 'Tiel, Latenstein data centre, rack B4', latitude: '51.893300', longitude: '5.409500',
    networks: { static: '192.0.2.0/24', gateway: '192.0.2.1', pool: '100.64.0.0/20', blocked: '10.250.1.0/24', pd: '2001:db8:100::/40' },
  },
  {
    pop: 'culemborg', title: 'Culemborg POP', model: 'CCR2004-1G-12S+2XS', ip: '10.255.0.2', nasIp: '10.255.0.2', secret: 'Kp7#wQ2m!vRx9Lz4',
    apiHost: '10.255.0.2', apiPort: 8729, apiTls: true, apiPassword: 'api-culemborg-4f8e', requireMessageAuthenticator: true,
    location: 'Culemborg, water tower Goilberdingerdijk', latitude: '51.955300', longitude: '5.227800',
    networks: { static: '198.51.100.0/24', gateway: '198.51.100.1', pool: '100.64.16.0/20', blocked: '10.250.2.0/24', pd: '2001:db8:200::/40' },
  },
  {
    pop: 'zaltbommel', title: 'Zaltbommel POP', model: 'CCR1036-8G-2S+', ip: '10.255.0.3', nasIp: '10.255.0.3', secret: 'Zb3$hT8n@qW5eY1c',
    apiHost: '10.255.0.3', apiPort: 8729, apiTls: true, apiPassword: 'api-zaltbommel-91c2', requireMessageAuthenticator: true,
    location: 'Zaltbommel, business park De Wildeman, street cabinet 12', latitude: '51.810300', longitude: '5.248600',
    networks: { static: '203.0.113.0/24', gateway: '203.0.113.1', pool: '100.64.32.0/20', blocked: '10.250.3.0/24', pd: '2001:db8:300::/40' },
  },
];

const TARIFFS: ReadonlyArray<{
  name: string; kind: TariffKind; weight: number; down: number; up: number;
  burst?: { down: number; up: number; thresholdDown: number; thresholdUp: number; seconds: number };
  priority: number; price: string; period: 'WEEK' | 'MONTH';
}> = [
  { name: 'Prepaid Week 30', kind: 'prepaid', weight: 1, down: 30_000, up: 6_000, burst: { down: 45_000, up: 10_000, thresholdDown: 24_000, thresholdUp: 5_000, seconds: 16 }, priority: 8, price: '4.13', period: 'WEEK' },
  { name: 'Home 50', kind: 'home', weight: 30, down: 50_000, up: 10_000, burst: { down: 80_000, up: 15_000, thresholdDown: 40_000, thresholdUp: 8_000, seconds: 16 }, priority: 8, price: '24.79', period: 'MONTH' },
  { name: 'Home 100', kind: 'home', weight: 35, down: 100_000, up: 20_000, burst: { down: 150_000, up: 30_000, thresholdDown: 80_000, thresholdUp: 16_000, seconds: 16 }, priority: 7, price: '32.23', period: 'MONTH' },
  { name: 'Fibre 300', kind: 'home', weight: 22, down: 300_000, up: 100_000, priority: 6, price: '40.50', period: 'MONTH' },
  { name: 'Fibre 1000', kind: 'home', weight: 8, down: 1_000_000, up: 500_000, priority: 5, price: '57.02', period: 'MONTH' },
  { name: 'Business 500', kind: 'business', weight: 1, down: 500_000, up: 500_000, priority: 2, price: '99.00', period: 'MONTH' },
];

/** VAT on every demo tariff (the Dutch standard rate); prices above are without it. */
const VAT_RATE = '21.00';
/** The PRNG seed of the demo everyone sees. */
const DEFAULT_SEED = 20_261_123;
/** Serialises concurrent seeders (two processes starting at once). */
const SEED_LOCK = 72707370;

export interface SeedDemoOptions {
  /** PRNG seed: the same seed gives the same ISP. */
  seed?: number;
  /** Customers to create, the demo subscribers included (default {@link DEMO_CUSTOMER_COUNT}). */
  customers?: number;
  /** Receives one line saying what was done or why nothing was. */
  log?: (line: string) => void;
  /** The date the data is generated for (default now). */
  now?: Date;
}

export interface DemoSummary {
  partners: number;
  staff: number;
  routers: number;
  tariffs: number;
  ipNetworks: number;
  customers: number;
  services: number;
  ipAssignments: number;
  /** Wall-clock time the seed took. */
  ms: number;
}

/**
 * Creates the demo ISP on a database without partners, in one transaction (all or nothing);
 * on any other database it changes nothing, logs why and returns null. About a second.
 */
export async function seedDemo(db: Db, secrets: SecretBox, options: SeedDemoOptions = {}): Promise<DemoSummary | null> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const customerCount = options.customers ?? DEMO_CUSTOMER_COUNT;
  if (customerCount < 3) throw new RangeError('the demo needs at least 3 customers (its RADIUS subscribers)');
  const skip = (partners: number) => {
    log(`demo seed skipped: the database already has ${partners} partner${partners === 1 ? '' : 's'}`);
    return null;
  };
  const existing = await db.partner.count();
  if (existing > 0) return skip(existing);

  // Outside the transaction: roles are not demo data, and hashing takes a while.
  const roles = await ensureBuiltInRoles(db);
  const passwordHash = await Promise.all(DEMO_STAFF_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  const seed = options.seed ?? DEFAULT_SEED;
  const r = createRandom(seed);
  const now = options.now ?? new Date();

  const summary = await db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', SEED_LOCK);
      const raced = await tx.partner.count();
      if (raced > 0) return raced;

      const partners = await tx.partner.createManyAndReturn({
        data: DEMO_PARTNERS.map(({ name, email, phone }) => ({ name, email, phone })),
        select: { id: true, name: true },
      });
      const partnerId = (name: string) => partners.find((p) => p.name === name)!.id;

      const staff = await tx.staffUser.createMany({
        data: DEMO_STAFF_USERS.map((u, i) => {
          const role = roles.get(u.role);
          if (!role) throw new Error(`no built-in role named ${u.role}`);
          return {
            username: u.username,
            name: u.name,
            email: `${u.username}@rivierland.example`,
            passwordHash: passwordHash[i]!,
            roleId: role.id,
            partnerId: u.partner ? partnerId(u.partner) : null,
          };
        }),
        // Keep accounts an operator made before the first seed (and their passwords).
        skipDuplicates: true,
      });

      const routers = await tx.router.createManyAndReturn({
        data: ROUTERS.map((rt) => ({
          title: rt.title,
          vendor: 'MIKROTIK' as const,
          model: rt.model,
          ip: rt.ip,
          nasIp: rt.nasIp,
          radiusSecretEnc: secrets.seal(rt.secret),
          requireMessageAuthenticator: rt.requireMessageAuthenticator,
          coaPort: 3799,
          apiHost: rt.apiHost,
          apiPort: rt.apiPort,
          apiTls: rt.apiTls,
          apiUser: 'backhaul',
          apiPasswordEnc: secrets.seal(rt.apiPassword),
          location: rt.location,
          latitude: rt.latitude,
          longitude: rt.longitude,
        })),
        select: { id: true, title: true },
      });
      const routerOf = Object.fromEntries(ROUTERS.map((rt) => [rt.pop, routers.find((x) => x.title === rt.title)!.id])) as Record<PopKey, number>;

      const tariffs = await tx.tariff.createManyAndReturn({
        data: TARIFFS.map((t) => ({
          name: t.name,
          downloadKbps: t.down,
          uploadKbps: t.up,
          burstDownloadKbps: t.burst?.down ?? null,
          burstUploadKbps: t.burst?.up ?? null,
          burstThresholdDownKbps: t.burst?.thresholdDown ?? null,
          burstThresholdUpKbps: t.burst?.thresholdUp ?? null,
          burstTimeSeconds: t.burst?.seconds ?? null,
          priority: t.priority,
          price: t.price,
          vatRate: VAT_RATE,
          period: t.period,
        })),
        select: { id: true, name: true },
      });

      const networks = await tx.ipNetwork.createManyAndReturn({
        data: ROUTERS.flatMap((rt) => {
          const routerId = routerOf[rt.pop];
          const place = rt.title.replace(/ (core|POP)$/, '');
          const slug = rt.pop;
          return [
            { cidr: rt.networks.static, family: 'IPV4' as const, usage: 'STATIC' as const, title: `${place} static (public)`, gateway: rt.networks.gateway, routerId },
            { cidr: rt.networks.pool, family: 'IPV4' as const, usage: 'POOL' as const, title: `${place} CGNAT pool`, poolName: `${slug}-cgnat`, routerId },
            { cidr: rt.networks.blocked, family: 'IPV4' as const, usage: 'BLOCKED' as const, title: `${place} blocked (payment reminder page)`, poolName: `${slug}-blocked`, routerId, comment: 'The router redirects HTTP from this pool to the reminder page.' },
            { cidr: rt.networks.pd, family: 'IPV6' as const, usage: 'PREFIX_DELEGATION' as const, title: `${place} IPv6 prefix delegation`, poolName: `${slug}-pd`, delegatedPrefixLength: 56, routerId },
          ];
        }),
        select: { id: true, cidr: true, routerId: true, usage: true },
      });
      const networkOf = (routerId: number, usage: 'STATIC' | 'PREFIX_DELEGATION') => {
        const network = networks.find((n) => n.routerId === routerId && n.usage === usage)!;
        return { id: network.id, block: parseBlock(network.cidr)! };
      };

      const plan = demoPlan(r, secrets, now, {
        partners: DEMO_PARTNERS.map((p) => ({ id: partnerId(p.name), weight: p.weight, ...(p.pops ? { pops: p.pops } : {}) })),
        routers: routerOf,
        tariffs: TARIFFS.map((t) => ({ id: tariffs.find((x) => x.name === t.name)!.id, weight: t.weight, kind: t.kind })),
        networkOf,
      });

      const ids = await reserveIds(tx, 'Customer', customerCount);
      const customers: CustomerRow[] = demoSubscribers(ids.slice(0, 3), {
        partnerId: partnerId(DEMO_PARTNERS[0]!.name),
        routerId: routerOf.tiel,
        tariffId: tariffs.find((t) => t.name === 'Home 100')!.id,
        staticNetworkId: networkOf(routerOf.tiel, 'STATIC').id,
        seal: (p) => secrets.seal(p),
        now,
      });
      for (const id of ids.slice(3)) customers.push(generateCustomer(r, plan, id));
      const written = await insertCustomers(tx, customers);

      const result = {
        partners: partners.length,
        staff: staff.count,
        routers: routers.length,
        tariffs: tariffs.length,
        ipNetworks: networks.length,
        customers: customers.length,
        services: written.services,
        ipAssignments: written.ipAssignments,
      };
      await tx.auditLog.create({
        data: { actorType: 'SYSTEM', action: 'demo.seed', entity: 'Demo', entityId: 'demo', after: { ...result, seed } },
      });
      return result;
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
  if (typeof summary === 'number') return skip(summary);
  const ms = Math.round(performance.now() - started);
  log(`demo ISP created in ${ms} ms: ${summary.partners} partners, ${summary.staff} staff, ${summary.routers} routers, ` +
    `${summary.tariffs} tariffs, ${summary.ipNetworks} IP networks, ${summary.customers} customers, ${summary.services} services, ` +
    `${summary.ipAssignments} static addresses`);
  return { ...summary, ms };
}

interface DemoPlanInput {
  partners: CustomerPlan['partners'];
  routers: Record<PopKey, number>;
  tariffs: CustomerPlan['tariffs'];
  networkOf(routerId: number, usage: 'STATIC' | 'PREFIX_DELEGATION'): { id: number; block: Block };
}

/** Logins from names with a counter on clashes, vendor MACs, and addresses handed out in order. */
function demoPlan(r: Random, secrets: SecretBox, now: Date, input: DemoPlanInput): CustomerPlan {
  const logins = new Set<string>(Object.values(DEMO_SUBSCRIBERS).map((s) => s.login));
  const macs = new Set<string>([DEMO_SUBSCRIBERS.mac.mac]);
  // .1 is the gateway and .2–.9 are kept for the demo subscribers and the NOC's own kit.
  const nextHost = new Map<number, number>();
  const nextPrefix = new Map<number, bigint>();
  return {
    partners: input.partners,
    routers: input.routers,
    tariffs: input.tariffs,
    now,
    login(base) {
      let login = base;
      for (let n = 2; logins.has(login); n++) login = `${base}${n}`;
      logins.add(login);
      return login;
    },
    mac() {
      for (;;) {
        const hex = () => r.int(0, 255).toString(16).padStart(2, '0');
        const mac = `${r.pick(CPE_OUIS)}:${hex()}:${hex()}:${hex()}`;
        if (!macs.has(mac)) {
          macs.add(mac);
          return mac;
        }
      }
    },
    seal: (password) => secrets.seal(password),
    staticIp(routerId) {
      const { id, block } = input.networkOf(routerId, 'STATIC');
      const host = nextHost.get(routerId) ?? 10;
      if (BigInt(host) >= size(block) - 1n) return null;
      nextHost.set(routerId, host + 1);
      return { networkId: id, address: formatCidr({ family: 4, start: block.start + BigInt(host), prefix: 32 }) };
    },
    delegatedPrefix(routerId) {
      const { id, block } = input.networkOf(routerId, 'PREFIX_DELEGATION');
      // The k-th /56 of the /40: prefixes 1, 2, 3 … (0 stays free for the POP's own use).
      const k = nextPrefix.get(routerId) ?? 1n;
      nextPrefix.set(routerId, k + 1n);
      return { networkId: id, address: formatCidr({ family: 6, start: block.start + (k << BigInt(128 - 56)), prefix: 56 }) };
    },
  };
}

/** The three RADIUS test subscribers, one per authentication method. */
function demoSubscribers(
  ids: number[],
  x: { partnerId: number; routerId: number; tariffId: number; staticNetworkId: number; seal: (p: string) => string; now: Date },
): CustomerRow[] {
  const createdAt = new Date(Date.UTC(x.now.getUTCFullYear() - 1, 0, 15, 9, 0, 0));
  const base = {
    partnerId: x.partnerId, status: 'ACTIVE' as const, statusReason: null, email: null, phone: null,
    street: 'Latensteinse Rondweg 1', city: 'Tiel', zip: '4004 JK', country: 'NL', billingType: 'RECURRING' as const,
    billingDay: 1, paymentDueDays: 14, graceDays: 3, minimalBalance: '-60.00', balance: '0.00', marketingConsent: false,
    gdprConsentAt: createdAt, createdAt,
  };
  const service = (login: string, extra: { passwordEnc: string | null; mac: string | null; description: string; ipAssignments: IpRow[] }) => ({
    tariffId: x.tariffId, login, routerId: x.routerId, bindToRouter: true, simultaneousUse: 1, status: 'ACTIVE' as const,
    startDate: isoDate(createdAt), endDate: null, createdAt, ...extra,
  });
  const { pap, mschap, mac } = DEMO_SUBSCRIBERS;
  return [
    {
      ...base, id: ids[0]!, name: pap.customer, email: 'demo-pap@rivierland.example',
      services: [service(pap.login, {
        passwordEnc: x.seal(pap.password), mac: null, description: 'RADIUS test login: PAP and CHAP',
        ipAssignments: [{ networkId: x.staticNetworkId, address: `${pap.framedIp}/32`, description: 'Framed-IP-Address of the PAP test login' }],
      })],
    },
    {
      ...base, id: ids[1]!, name: mschap.customer, email: 'demo-mschap@rivierland.example',
      services: [service(mschap.login, { passwordEnc: x.seal(mschap.password), mac: null, description: 'RADIUS test login: MS-CHAPv2', ipAssignments: [] })],
    },
    {
      ...base, id: ids[2]!, name: mac.customer, email: 'demo-dhcp@rivierland.example',
      services: [service(mac.login, { passwordEnc: null, mac: mac.mac, description: 'RADIUS test: MAC authentication (DHCP)', ipAssignments: [] })],
    },
  ];
}

export interface BulkOptions {
  /** PRNG seed (default: the first new customer id, so repeated calls add different people). */
  seed?: number;
  /** Customers per transaction (default 10,000). */
  batchSize?: number;
  /** Seals PPPoE passwords; without it the services store none. */
  secrets?: SecretBox;
  /** Called after each batch. */
  onProgress?: (done: number, total: number) => void;
}

/** Where bulk customers' static addresses come from (it holds 4 million). */
export const BULK_STATIC_NETWORK = '10.64.0.0/10';

/**
 * Adds `count` customers with their services (and static addresses for some) to a database
 * that has partners and tariffs (the demo's, for instance), for benchmarks and load tests:
 * 100,000 take about ten seconds. Logins look like `jan.devries.1234`, MACs start with
 * `02:b0:`, and static addresses come from {@link BULK_STATIC_NETWORK}. Refreshes the planner's
 * statistics at the end, as a big import should.
 */
export async function seedBulkCustomers(db: Db, count: number, options: BulkOptions = {}): Promise<{ customers: number; services: number; ipAssignments: number }> {
  const [partners, routers, tariffs] = await Promise.all([
    db.partner.findMany({ select: { id: true }, orderBy: { id: 'asc' } }),
    db.router.findMany({ select: { id: true }, orderBy: { id: 'asc' } }),
    db.tariff.findMany({ where: { archived: false }, select: { id: true, name: true, period: true }, orderBy: { id: 'asc' } }),
  ]);
  if (!partners.length || !tariffs.length) throw new Error('seedBulkCustomers needs partners and tariffs: run seedDemo first');
  const network =
    (await db.ipNetwork.findUnique({ where: { cidr: BULK_STATIC_NETWORK }, select: { id: true } })) ??
    (await db.ipNetwork.create({
      data: { cidr: BULK_STATIC_NETWORK, family: 'IPV4', usage: 'STATIC', title: 'Bulk static addresses (benchmarks)' },
      select: { id: true },
    }));
  const block = parseBlock(BULK_STATIC_NETWORK)!;
  const capacity = 1 << (32 - block.prefix);
  // One key per customer and service slot, so logins, MACs and addresses never clash.
  const key = (customerId: number, index: number) => customerId * 2 + index;
  const pops: PopKey[] = ['tiel', 'culemborg', 'zaltbommel'];
  const routerFor = (i: number) => (routers.length ? routers[i % routers.length]!.id : null);
  const secrets = options.secrets;
  const plan: Omit<CustomerPlan, 'now'> = {
    partners: partners.map((p, i) => ({ id: p.id, weight: i === 0 ? 60 : 40 / (partners.length - 1) })),
    routers: Object.fromEntries(pops.map((pop, i) => [pop, routerFor(i)])) as Record<PopKey, number | null>,
    tariffs: tariffs.map((t) => ({ id: t.id, weight: 1, kind: /business/i.test(t.name) ? 'business' : t.period === 'MONTH' ? 'home' : 'prepaid' })),
    login: (base, customerId, index) => `${base}.${customerId}${index ? `-${index + 1}` : ''}`,
    mac(customerId, index) {
      const k = key(customerId, index);
      const bytes = [(k >>> 24) & 255, (k >>> 16) & 255, (k >>> 8) & 255, k & 255];
      return ['02', 'b0', ...bytes.map((b) => b.toString(16).padStart(2, '0'))].join(':');
    },
    seal: (password) => (secrets ? secrets.seal(password) : null),
    staticIp(_routerId, customerId, index) {
      const offset = key(customerId, index);
      if (offset <= 0 || offset >= capacity - 1) return null;
      return { networkId: network.id, address: formatCidr({ family: 4, start: block.start + BigInt(offset), prefix: 32 }) };
    },
  };

  const batchSize = options.batchSize ?? 10_000;
  let r: Random | undefined;
  const totals = { customers: 0, services: 0, ipAssignments: 0 };
  // Two batches in flight: PostgreSQL spends most of the time on the trigram index, and two
  // backends use two cores. Rows are generated in order, so a seed still gives the same data.
  const inFlight: Promise<void>[] = [];
  let generated = 0;
  while (generated < count) {
    const n = Math.min(batchSize, count - generated);
    generated += n;
    const ids = await reserveIds(db, 'Customer', n);
    const random = (r ??= createRandom(options.seed ?? ids[0]!));
    const batchPlan = { ...plan, now: new Date() };
    const rows = ids.map((id) => generateCustomer(random, batchPlan, id));
    const batch = db.$transaction((tx) => insertCustomers(tx, rows), { maxWait: 60_000, timeout: 300_000 }).then((written) => {
      totals.customers += rows.length;
      totals.services += written.services;
      totals.ipAssignments += written.ipAssignments;
      options.onProgress?.(totals.customers, count);
    });
    // Awaited below; until then a failure must not count as unhandled.
    batch.catch(() => undefined);
    inFlight.push(batch);
    if (inFlight.length >= 2) await inFlight.shift();
  }
  await Promise.all(inFlight);
  await db.$executeRawUnsafe('ANALYZE "Customer", "Service", "IpAssignment"');
  return totals;
}
