import { createTestDatabase, type TestDatabase } from '@backhaul/prisma/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES } from '../admin/permissions.ts';
import { customerWhere } from '../customers/customers.service.ts';
import { customerSearchText } from '../customers/search.ts';
import { parseBlock } from '../network/ip.ts';
import { verifyPassword } from '../shared/passwords.ts';
import { createSecretBox } from '../shared/secrets.ts';
import { BULK_STATIC_NETWORK, DEMO_CUSTOMER_COUNT, DEMO_NAS, DEMO_PASSWORD, DEMO_STAFF, DEMO_SUBSCRIBERS, seedBulkCustomers, seedDemo, type DemoSummary } from './seed.ts';

let database: TestDatabase;
let summary: DemoSummary | null;
const secrets = createSecretBox('seed-test-key-0123456789abcdef');

beforeAll(async () => {
  database = await createTestDatabase();
  summary = await seedDemo(database.db, secrets);
});
afterAll(() => database.drop());

/** Rows per table, to prove a second run writes nothing. */
async function tableCounts() {
  const { db } = database;
  return {
    partners: await db.partner.count(),
    staff: await db.staffUser.count(),
    roles: await db.role.count(),
    routers: await db.router.count(),
    tariffs: await db.tariff.count(),
    networks: await db.ipNetwork.count(),
    customers: await db.customer.count(),
    services: await db.service.count(),
    assignments: await db.ipAssignment.count(),
    audit: await db.auditLog.count(),
  };
}

const search = (term: string) =>
  database.db.customer.findMany({ where: customerWhere({ principal: null }, { search: term }), select: { id: true, name: true } });

describe('seedDemo', () => {
  it('creates the ISP, its resellers, one staff member per built-in role and a partner-bound manager', async () => {
    const { db } = database;
    expect(summary).toMatchObject({ partners: 3, routers: 3, tariffs: 6, ipNetworks: 12, customers: DEMO_CUSTOMER_COUNT });
    const staff = await db.staffUser.findMany({ include: { role: true } });
    expect(new Set(staff.map((s) => s.role.name))).toEqual(new Set(BUILT_IN_ROLES.map((r) => r.name)));
    const admin = staff.find((s) => s.username === DEMO_STAFF.username)!;
    expect(admin.role.name).toBe('Super administrator');
    expect(admin.partnerId).toBeNull();
    expect(await verifyPassword(admin.passwordHash, DEMO_PASSWORD)).toBe(true);
    expect(DEMO_PASSWORD.length).toBeGreaterThanOrEqual(10);
    const bound = staff.filter((s) => s.partnerId !== null);
    expect(bound).toHaveLength(1);
    expect(bound[0]!.role.name).toBe('Manager');
    const partners = await db.partner.findMany({ include: { _count: { select: { customers: true } } } });
    expect(partners.every((p) => p._count.customers > 50)).toBe(true);
  });

  it('creates three MikroTik CCR routers at different sites, secrets sealed, one of them the 127.0.0.1 demo NAS', async () => {
    const routers = await database.db.router.findMany();
    expect(routers).toHaveLength(3);
    for (const router of routers) {
      expect(router.vendor).toBe('MIKROTIK');
      expect(router.model).toMatch(/^CCR/);
      expect(router.latitude).not.toBeNull();
      expect(router.apiHost).toBeTruthy();
      expect(router.radiusSecretEnc).toMatch(/^v1:/);
      expect(router.apiPasswordEnc).toMatch(/^v1:/);
    }
    expect(new Set(routers.map((r) => r.location)).size).toBe(3);
    const nas = routers.find((r) => r.nasIp === DEMO_NAS.nasIp)!;
    expect(secrets.open(nas.radiusSecretEnc)).toBe('testing123');
    expect(DEMO_NAS.secret).toBe('testing123');
  });

  it('gives every router a static network, a dynamic pool, a blocked pool and a /40 delegating /56, none overlapping', async () => {
    const networks = await database.db.ipNetwork.findMany({ include: { assignments: true } });
    const routers = await database.db.router.findMany();
    for (const router of routers) {
      const own = networks.filter((n) => n.routerId === router.id);
      expect(own.map((n) => n.usage).sort()).toEqual(['BLOCKED', 'POOL', 'PREFIX_DELEGATION', 'STATIC']);
      for (const n of own.filter((n) => n.usage !== 'STATIC')) expect(n.poolName).toBeTruthy();
      const pd = own.find((n) => n.usage === 'PREFIX_DELEGATION')!;
      expect(parseBlock(pd.cidr)).toMatchObject({ family: 6, prefix: 40 });
      expect(pd.delegatedPrefixLength).toBe(56);
    }
    // The database refuses overlaps and assignments outside their network; this proves the seed
    // got past those constraints with some static addresses in place.
    expect(networks.filter((n) => n.usage === 'STATIC').every((n) => n.assignments.length > 10)).toBe(true);
  });

  it('creates six tariffs with VAT, and bursts that follow the MikroTik rules', async () => {
    const tariffs = await database.db.tariff.findMany();
    expect(tariffs).toHaveLength(6);
    for (const t of tariffs) {
      expect(t.vatRate.toFixed(2)).toBe('21.00');
      if (t.burstDownloadKbps !== null) {
        expect(t.burstDownloadKbps).toBeGreaterThan(t.downloadKbps);
        expect(t.burstThresholdDownKbps!).toBeLessThan(t.downloadKbps);
      }
    }
  });

  it('creates 1,000 customers in mixed states, with reasons for the blocked ones, prepaid and recurring', async () => {
    const { db } = database;
    const byStatus = Object.fromEntries(
      (await db.customer.groupBy({ by: ['status'], _count: true })).map((g) => [g.status, g._count]),
    ) as Record<string, number>;
    expect(byStatus.ACTIVE).toBeGreaterThan(DEMO_CUSTOMER_COUNT * 0.7);
    for (const status of ['BLOCKED', 'NEW', 'INACTIVE']) expect(byStatus[status]).toBeGreaterThan(10);
    expect(await db.customer.count({ where: { status: 'BLOCKED', statusReason: null } })).toBe(0);
    expect(await db.customer.count({ where: { billingType: 'PREPAID' } })).toBeGreaterThan(100);
    expect(new Set((await db.customer.findMany({ select: { city: true } })).map((c) => c.city)).size).toBeGreaterThan(10);
    const perCustomer = await db.service.groupBy({ by: ['customerId'], _count: true });
    expect(perCustomer).toHaveLength(DEMO_CUSTOMER_COUNT);
    expect(new Set(perCustomer.map((g) => g._count))).toEqual(new Set([1, 2]));
    expect(await db.service.count({ where: { mac: { not: null } } })).toBeGreaterThan(100);
    expect(await db.service.count({ where: { routerId: null } })).toBe(0);
    const pppoe = await db.service.findFirstOrThrow({ where: { passwordEnc: { not: null }, login: { notIn: Object.values(DEMO_SUBSCRIBERS).map((s) => s.login) } } });
    expect(secrets.open(pppoe.passwordEnc!)).toMatch(/^\w{10}$/);
  });

  it('creates the RADIUS test subscribers with their known credentials, active on the demo NAS', async () => {
    const { db } = database;
    const nas = await db.router.findUniqueOrThrow({ where: { nasIp: DEMO_NAS.nasIp } });
    const services = await db.service.findMany({
      where: { login: { in: Object.values(DEMO_SUBSCRIBERS).map((s) => s.login) } },
      include: { customer: true, ipAssignments: true },
    });
    expect(services).toHaveLength(3);
    for (const s of services) {
      expect(s).toMatchObject({ status: 'ACTIVE', routerId: nas.id });
      expect(s.customer.status).toBe('ACTIVE');
    }
    const byLogin = new Map(services.map((s) => [s.login, s]));
    expect(secrets.open(byLogin.get(DEMO_SUBSCRIBERS.pap.login)!.passwordEnc!)).toBe(DEMO_SUBSCRIBERS.pap.password);
    expect(byLogin.get(DEMO_SUBSCRIBERS.pap.login)!.ipAssignments.map((a) => a.address)).toEqual([DEMO_SUBSCRIBERS.pap.framedIp]);
    expect(secrets.open(byLogin.get(DEMO_SUBSCRIBERS.mschap.login)!.passwordEnc!)).toBe(DEMO_SUBSCRIBERS.mschap.password);
    expect(byLogin.get(DEMO_SUBSCRIBERS.mac.login)!.mac).toBe(DEMO_SUBSCRIBERS.mac.mac);
  });

  it('fills the search text exactly as the domain builds it', async () => {
    const customers = await database.db.customer.findMany({
      include: { services: { orderBy: { id: 'asc' }, include: { ipAssignments: { orderBy: { id: 'asc' } } } } },
    });
    for (const c of customers) {
      const services = c.services.map((s) => ({ login: s.login, mac: s.mac, addresses: s.ipAssignments.map((a) => a.address) }));
      expect(c.searchText, `customer ${c.id}`).toBe(customerSearchText(c, services));
    }
  });

  it('lets the search box find a seeded customer by login and by IP address', async () => {
    const assignment = await database.db.ipAssignment.findFirstOrThrow({
      where: { network: { usage: 'STATIC', family: 'IPV4' }, serviceId: { not: null } },
      include: { service: { include: { customer: true } } },
    });
    const { service } = assignment;
    expect(await search(service!.login)).toContainEqual({ id: service!.customerId, name: service!.customer.name });
    // A substring match: 192.0.2.10 also finds 192.0.2.100–109.
    const found = await search(assignment.address);
    expect(found).toContainEqual({ id: service!.customerId, name: service!.customer.name });
    expect(found.length).toBeLessThanOrEqual(11);
  });

  it('writes one SYSTEM audit-log row for the seed', async () => {
    const rows = await database.db.auditLog.findMany({ where: { action: 'demo.seed' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actorType).toBe('SYSTEM');
  });

  it('changes nothing when run again, and says why', async () => {
    const before = await tableCounts();
    const lines: string[] = [];
    expect(await seedDemo(database.db, secrets, { log: (line) => lines.push(line) })).toBeNull();
    expect(await tableCounts()).toEqual(before);
    expect(lines.join('\n')).toMatch(/already has 3 partners/);
  });
});

describe('seedBulkCustomers', () => {
  it('adds customers with services, searchable by login, MAC and static address', async () => {
    const before = await database.db.customer.aggregate({ _count: true, _max: { id: true } });
    const added = await seedBulkCustomers(database.db, 2_500, { batchSize: 1_000, secrets });
    expect(added.customers).toBe(2_500);
    expect(await database.db.customer.count()).toBe(before._count + 2_500);
    const newServices = await database.db.service.count({ where: { customerId: { gt: before._max.id! } } });
    expect(newServices).toBe(added.services);
    expect(newServices).toBeGreaterThan(2_500);
    const assignment = await database.db.ipAssignment.findFirstOrThrow({
      where: { network: { cidr: BULK_STATIC_NETWORK } },
      include: { service: true },
    });
    expect(await search(assignment.address)).toContainEqual({ id: assignment.service!.customerId, name: expect.any(String) });
    const withMac = await database.db.service.findFirstOrThrow({ where: { mac: { startsWith: '02:b0:' } } });
    expect(await search(withMac.mac!)).toEqual([{ id: withMac.customerId, name: expect.any(String) }]);
    expect(await search(withMac.login)).toContainEqual({ id: withMac.customerId, name: expect.any(String) });
  });
});
