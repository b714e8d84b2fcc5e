import type { Prisma } from '@backhaul/prisma/client';
import { customerSearchText } from '../customers/search.ts';
import { BLOCK_REASONS, BUSINESS_KINDS, compact, FIRST_NAMES, INACTIVE_REASONS, MAIL_DOMAINS, STREETS, SURNAMES, TOWNS, type PopKey, type Town } from './data.ts';
import type { Random } from './random.ts';

/**
 * Generated subscribers (customers with their services and static addresses) and the writer
 * that stores them with a few multi-row INSERTs: the demo's 1,000 customers and the
 * benchmarks' 100,000 both go through here.
 */

export type CustomerStatus = 'NEW' | 'ACTIVE' | 'BLOCKED' | 'INACTIVE';
export type ServiceStatus = 'PENDING' | 'ACTIVE' | 'STOPPED' | 'DISABLED';

export interface CustomerRow {
  id: number;
  partnerId: number;
  status: CustomerStatus;
  statusReason: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  street: string | null;
  city: string | null;
  zip: string | null;
  country: string;
  billingType: 'PREPAID' | 'RECURRING';
  billingDay: number;
  paymentDueDays: number;
  graceDays: number;
  /** Decimal as text, e.g. `-60.00`. */
  minimalBalance: string;
  balance: string;
  marketingConsent: boolean;
  gdprConsentAt: Date | null;
  createdAt: Date;
  services: ServiceRow[];
}

export interface ServiceRow {
  tariffId: number;
  login: string;
  /** Sealed with the server key (CHAP and MS-CHAP need the password back); null for MAC/IPoE logins. */
  passwordEnc: string | null;
  mac: string | null;
  routerId: number | null;
  bindToRouter: boolean;
  simultaneousUse: number;
  status: ServiceStatus;
  /** `YYYY-MM-DD`. */
  startDate: string;
  endDate: string | null;
  description: string | null;
  createdAt: Date;
  ipAssignments: IpRow[];
}

export interface IpRow {
  networkId: number;
  /** With its prefix length: `192.0.2.10/32`, `2001:db8:100:100::/56`. */
  address: string;
  description?: string | null;
}

export type TariffKind = 'home' | 'business' | 'prepaid';

export interface CustomerPlan {
  /** Who the customers belong to; `pops` limits a reseller to the towns of some POPs. */
  partners: ReadonlyArray<{ id: number; weight: number; pops?: readonly PopKey[] }>;
  /** The router (NAS) that serves each POP's towns. */
  routers: Readonly<Record<PopKey, number | null>>;
  tariffs: ReadonlyArray<{ id: number; weight: number; kind: TariffKind }>;
  /** A login not used before, made from `base` (lower-case letters, digits, dots). */
  login(base: string, customerId: number, index: number): string;
  /** A MAC address not used before, `aa:bb:cc:dd:ee:ff`. */
  mac(customerId: number, index: number): string;
  /** Seals a PPPoE password; null stores none. */
  seal(password: string): string | null;
  /** A static IPv4 address on the router's static network, or null when none is left. */
  staticIp(routerId: number, customerId: number, index: number): IpRow | null;
  /** A delegated IPv6 prefix for a business line, or null for none. */
  delegatedPrefix?(routerId: number, customerId: number, index: number): IpRow | null;
  /** The day the data is generated for (createdAt and balances are relative to it). */
  now: Date;
}

const STATUS_WEIGHTS: ReadonlyArray<[CustomerStatus, number]> = [['ACTIVE', 82], ['BLOCKED', 8], ['NEW', 5], ['INACTIVE', 5]];
const AREA_CODES: Record<PopKey, string> = { tiel: '344', culemborg: '345', zaltbommel: '418' };
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const DAY = 86_400_000;

/** Generates one customer with one or two services; the caller gives it its id. */
export function generateCustomer(r: Random, plan: CustomerPlan, id: number): CustomerRow {
  const partner = r.weighted(plan.partners, (p) => p.weight);
  const towns = partner.pops ? TOWNS.filter((t) => partner.pops!.includes(t.pop)) : TOWNS;
  const town = r.weighted(towns, (t) => t.weight);
  const status = r.weighted(STATUS_WEIGHTS, ([, w]) => w)[0];
  const business = r.chance(0.06);
  const prepaid = !business && r.chance(0.25);
  const first = r.pick(FIRST_NAMES);
  const last = r.pick(SURNAMES);
  const kind = business ? r.pick(BUSINESS_KINDS) : null;
  const name = kind ? `${kind} ${last[0]!.toUpperCase()}${last.slice(1)}` : `${first} ${last}`;

  const now = plan.now.getTime();
  const createdAt = new Date(status === 'NEW' ? now - r.int(0, 21 * DAY) : now - r.int(30 * DAY, 6 * 365 * DAY));
  createdAt.setUTCMilliseconds(0);
  const minimalBalance = prepaid ? 0 : business ? -250 : -60;
  let balance = 0;
  let statusReason: string | null = null;
  if (status === 'ACTIVE') {
    if (prepaid) balance = r.int(100, 8_000) / 100;
    else if (r.chance(0.25)) balance = -r.int(100, -minimalBalance * 100) / 100;
    else if (r.chance(0.2)) balance = r.int(100, 5_000) / 100;
  } else if (status === 'BLOCKED') {
    if (r.chance(0.75)) {
      statusReason = prepaid ? BLOCK_REASONS.debt[1] : r.pick([BLOCK_REASONS.debt[0], BLOCK_REASONS.debt[2]]);
      balance = minimalBalance - r.int(1, 9_000) / 100;
    } else {
      statusReason = r.pick(BLOCK_REASONS.other);
    }
  } else if (status === 'INACTIVE') {
    statusReason = r.pick(INACTIVE_REASONS);
  }

  const customer: CustomerRow = {
    id,
    partnerId: partner.id,
    status,
    statusReason,
    name,
    email: kind ? `info@${compact(kind)}${compact(last)}.example` : r.chance(0.85) ? personalEmail(r, first, last) : null,
    phone: r.chance(0.92) ? phone(r, town) : null,
    street: `${r.pick(STREETS)} ${r.int(1, 180)}${r.chance(0.1) ? r.pick(['a', 'b', 'c']) : ''}`,
    city: town.name,
    zip: `${town.postcode + r.int(0, 6)} ${postcodeLetters(r)}`,
    country: 'NL',
    billingType: prepaid ? 'PREPAID' : 'RECURRING',
    billingDay: r.chance(0.7) ? 1 : r.int(1, 28),
    paymentDueDays: business ? 30 : 14,
    graceDays: business ? 7 : 3,
    minimalBalance: minimalBalance.toFixed(2),
    balance: balance.toFixed(2),
    marketingConsent: r.chance(0.3),
    gdprConsentAt: createdAt,
    createdAt,
    services: [],
  };

  const serviceCount = r.chance(business ? 0.4 : 0.12) ? 2 : 1;
  const loginBase = kind ? `${compact(kind).slice(0, 8)}.${compact(last)}` : `${compact(first)}.${compact(last)}`;
  const routerId = plan.routers[town.pop];
  for (let index = 0; index < serviceCount; index++) {
    const tariff = pickTariff(r, plan, business ? 'business' : prepaid && r.chance(0.6) ? 'prepaid' : 'home');
    const ipoe = r.chance(0.3);
    const mac = ipoe || r.chance(0.1) ? plan.mac(id, index) : null;
    const live = status === 'ACTIVE' || status === 'BLOCKED';
    const ipAssignments: IpRow[] = [];
    if (live && routerId !== null && r.chance(business ? 0.7 : 0.08)) {
      const ip = plan.staticIp(routerId, id, index);
      if (ip) ipAssignments.push(ip);
    }
    if (live && routerId !== null && tariff.kind === 'business' && r.chance(0.5)) {
      const prefix = plan.delegatedPrefix?.(routerId, id, index);
      if (prefix) ipAssignments.push(prefix);
    }
    const endDate = status === 'INACTIVE' ? isoDate(new Date(createdAt.getTime() + r.next() * (now - createdAt.getTime()))) : null;
    customer.services.push({
      tariffId: tariff.id,
      login: plan.login(loginBase, id, index),
      passwordEnc: ipoe ? null : plan.seal(password(r)),
      mac,
      routerId,
      bindToRouter: r.chance(0.5),
      simultaneousUse: business && r.chance(0.5) ? 2 : 1,
      status: status === 'NEW' ? 'PENDING' : status === 'INACTIVE' ? 'STOPPED' : 'ACTIVE',
      startDate: isoDate(createdAt),
      endDate,
      description: ipoe ? 'IPoE (DHCP), authenticated by the CPE MAC' : mac ? 'PPPoE, bound to the CPE MAC' : 'PPPoE',
      createdAt,
      ipAssignments,
    });
  }
  return customer;
}

/** The search text exactly as the domain builds it (see customers/search.ts). */
export function searchTextOf(customer: CustomerRow): string {
  return customerSearchText(
    customer,
    customer.services.map((s) => ({ login: s.login, mac: s.mac, addresses: s.ipAssignments.map((a) => a.address) })),
  );
}

function pickTariff(r: Random, plan: CustomerPlan, kind: TariffKind) {
  const fitting = plan.tariffs.filter((t) => t.kind === kind);
  return r.weighted(fitting.length ? fitting : plan.tariffs, (t) => t.weight);
}

function personalEmail(r: Random, first: string, last: string): string {
  return `${compact(first)}.${compact(last)}${r.chance(0.3) ? r.int(1, 99) : ''}@${r.pick(MAIL_DOMAINS)}`;
}

function phone(r: Random, town: Town): string {
  // Subscriber numbers never start with 0 (that is the trunk prefix).
  const digits = (n: number) => String(r.int(1, 9)) + Array.from({ length: n - 1 }, () => r.int(0, 9)).join('');
  return r.chance(0.75) ? `+31 6 ${digits(4)} ${digits(4)}` : `+31 ${AREA_CODES[town.pop]} ${digits(3)} ${digits(3)}`;
}

function postcodeLetters(r: Random): string {
  // SA, SD and SS are never issued in Dutch postcodes.
  for (;;) {
    const letters = String.fromCharCode(65 + r.int(0, 25), 65 + r.int(0, 25));
    if (!['SA', 'SD', 'SS'].includes(letters)) return letters;
  }
}

function password(r: Random): string {
  let text = '';
  for (let i = 0; i < 10; i++) text += PASSWORD_ALPHABET.charAt(r.int(0, PASSWORD_ALPHABET.length - 1));
  return text;
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

type RawExecutor = Pick<Prisma.TransactionClient, '$executeRawUnsafe' | '$queryRawUnsafe'>;

/** Takes `count` ids from a table's id sequence, so rows can be written with their ids known. */
export async function reserveIds(db: RawExecutor, table: 'Customer' | 'Service', count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await db.$queryRawUnsafe<Array<{ id: number }>>(
    `SELECT nextval(pg_get_serial_sequence('"${table}"', 'id'))::int AS id FROM generate_series(1, $1::int)`,
    count,
  );
  return rows.map((row) => row.id);
}

/**
 * Writes customers (with `searchText`), their services and static addresses: one INSERT per
 * table over unnest()ed arrays, which PostgreSQL takes as fast as COPY for rows this small.
 * Run it inside a transaction so a failure leaves nothing half-written.
 */
export async function insertCustomers(db: RawExecutor, customers: readonly CustomerRow[]): Promise<{ services: number; ipAssignments: number }> {
  if (customers.length === 0) return { services: 0, ipAssignments: 0 };
  const services = customers.flatMap((c) => c.services.map((s) => ({ ...s, customerId: c.id })));
  const serviceIds = await reserveIds(db, 'Service', services.length);
  const ips = services.flatMap((s, i) => s.ipAssignments.map((a) => ({ ...a, serviceId: serviceIds[i]! })));
  const iso = (d: Date | null) => d?.toISOString() ?? null;

  await db.$executeRawUnsafe(
    `INSERT INTO "Customer" (id, "partnerId", status, "statusReason", name, email, phone, street, city, zip, country,
       "billingType", "billingDay", "paymentDueDays", "graceDays", "minimalBalance", balance, "marketingConsent",
       "gdprConsentAt", "searchText", "createdAt", "updatedAt")
     SELECT id, "partnerId", status::"CustomerStatus", "statusReason", name, email, phone, street, city, zip, country,
       "billingType"::"BillingType", "billingDay", "paymentDueDays", "graceDays", "minimalBalance", balance, "marketingConsent",
       "gdprConsentAt", "searchText", "createdAt", now()
     FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
       $10::text[], $11::text[], $12::text[], $13::int[], $14::int[], $15::int[], $16::numeric[], $17::numeric[], $18::boolean[],
       $19::timestamp(3)[], $20::text[], $21::timestamp(3)[])
       AS t(id, "partnerId", status, "statusReason", name, email, phone, street, city, zip, country, "billingType", "billingDay",
         "paymentDueDays", "graceDays", "minimalBalance", balance, "marketingConsent", "gdprConsentAt", "searchText", "createdAt")`,
    customers.map((c) => c.id),
    customers.map((c) => c.partnerId),
    customers.map((c) => c.status),
    customers.map((c) => c.statusReason),
    customers.map((c) => c.name),
    customers.map((c) => c.email),
    customers.map((c) => c.phone),
    customers.map((c) => c.street),
    customers.map((c) => c.city),
    customers.map((c) => c.zip),
    customers.map((c) => c.country),
    customers.map((c) => c.billingType),
    customers.map((c) => c.billingDay),
    customers.map((c) => c.paymentDueDays),
    customers.map((c) => c.graceDays),
    customers.map((c) => c.minimalBalance),
    customers.map((c) => c.balance),
    customers.map((c) => c.marketingConsent),
    customers.map((c) => iso(c.gdprConsentAt)),
    customers.map(searchTextOf),
    customers.map((c) => iso(c.createdAt)),
  );

  await db.$executeRawUnsafe(
    `INSERT INTO "Service" (id, "customerId", "tariffId", login, "passwordEnc", mac, "routerId", "bindToRouter",
       "simultaneousUse", status, "startDate", "endDate", description, "createdAt", "updatedAt")
     SELECT id, "customerId", "tariffId", login, "passwordEnc", mac, "routerId", "bindToRouter",
       "simultaneousUse", status::"ServiceStatus", "startDate", "endDate", description, "createdAt", now()
     FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::int[], $8::boolean[],
       $9::int[], $10::text[], $11::date[], $12::date[], $13::text[], $14::timestamp(3)[])
       AS t(id, "customerId", "tariffId", login, "passwordEnc", mac, "routerId", "bindToRouter",
         "simultaneousUse", status, "startDate", "endDate", description, "createdAt")`,
    serviceIds,
    services.map((s) => s.customerId),
    services.map((s) => s.tariffId),
    services.map((s) => s.login),
    services.map((s) => s.passwordEnc),
    services.map((s) => s.mac),
    services.map((s) => s.routerId),
    services.map((s) => s.bindToRouter),
    services.map((s) => s.simultaneousUse),
    services.map((s) => s.status),
    services.map((s) => s.startDate),
    services.map((s) => s.endDate),
    services.map((s) => s.description),
    services.map((s) => iso(s.createdAt)),
  );

  if (ips.length) {
    await db.$executeRawUnsafe(
      `INSERT INTO "IpAssignment" ("networkId", address, kind, "serviceId", description)
       SELECT "networkId", address, 'STATIC', "serviceId", description
       FROM unnest($1::int[], $2::inet[], $3::int[], $4::text[]) AS t("networkId", address, "serviceId", description)`,
      ips.map((a) => a.networkId),
      ips.map((a) => a.address),
      ips.map((a) => a.serviceId),
      ips.map((a) => a.description ?? null),
    );
  }
  return { services: services.length, ipAssignments: ips.length };
}
