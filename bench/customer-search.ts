/**
 * customer-search: the console's customer list on a large ISP. 100,000 customers (the demo ISP
 * plus seedBulkCustomers), the server as main.ts runs it, a signed-in super administrator, then
 * `customers(first: 50, filter, orderBy)` over GraphQL/HTTP one at a time: search terms (names,
 * logins, IPs, MACs, phone digits, 3-character fragments), status/tariff/partner/router filters,
 * sorting, and next pages through `after`. Reports p50 and p99 latency; target p99 < 50 ms.
 *
 * The list asks for the capped count (`count { value exact }`, "1,000+ customers") as the console
 * does; `--exact-count` asks for the exact `totalCount` instead, `--no-count` for neither.
 * The tables are vacuumed after the bulk load (`--no-vacuum` to skip it).
 */
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { createDb } from '@backhaul/prisma/db';
import { FIRST_NAMES, SURNAMES, TOWNS } from '@backhaul/schema/demo/data.ts';
import { createRandom, type Random } from '@backhaul/schema/demo/random.ts';
import { DEMO_STAFF } from '@backhaul/schema/demo/seed.ts';
import type { Benchmark } from './lib/benchmark.ts';
import { seedCustomers, vacuumCustomers } from './lib/customers.ts';
import { stringOption } from './lib/options.ts';
import { startDatabase } from './lib/postgres.ts';
import { count, ms, outcome, progress, quantile } from './lib/report.ts';
import { gql, signIn, startServer } from './lib/server.ts';

const TARGET_P99_MS = 50;

type CountMode = 'capped' | 'exact' | 'none';

const COUNT_SELECTION: Record<CountMode, string> = { capped: 'count { value exact }', exact: 'totalCount', none: '' };

/** What the console's customer list asks for: a page, the number of matches, and how to go on. */
const query = (mode: CountMode) => `query Customers($first: Int!, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
  customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    ${COUNT_SELECTION[mode]}
    pageInfo { hasNextPage endCursor }
    edges { node { id number name status city phone balance partner { name } services { login } } }
  }
}`;

interface Page {
  customers: { count?: { value: number; exact: boolean }; totalCount?: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: unknown[] };
}

type Variables = { first: number; after?: string; filter?: Record<string, unknown>; orderBy?: { field: string; direction: 'ASC' | 'DESC' } };

interface Sample {
  kind: string;
  variables: Variables;
  ms: number;
  rows: number;
  /** The matches as counted (NaN without a count). */
  total: number;
  /** False when `total` is the cap of a capped count: there are more. */
  exact: boolean;
}

export const benchmark: Benchmark = {
  name: 'customer-search',
  description: 'customers(first: 50, …) latency on 100,000 customers',
  async run({ smoke, args, defer }) {
    const sqlFile = stringOption(args, '--sql');
    // Diagnosis: what the exact count costs (--exact-count), or any count (--no-count).
    const countMode: CountMode = args.includes('--no-count') ? 'none' : args.includes('--exact-count') ? 'exact' : 'capped';
    const QUERY = query(countMode);
    const customers = smoke ? 5_000 : 100_000;
    const queries = smoke ? 200 : 1_200;
    const warmup = smoke ? 20 : 100;

    const database = await startDatabase();
    defer(() => database.stop());
    progress(`database: ${database.where}`);
    const server = await startServer({ databaseUrl: database.url });
    defer(() => server.close());

    const seedDb = createDb(database.url, { max: 4 });
    defer(() => seedDb.$disconnect());
    await seedCustomers(seedDb, server.secrets, customers);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      if (sqlFile) {
        // To try a proposed change (an index, say) before writing it as a migration.
        await client.query(await readFile(sqlFile, 'utf8'));
        progress(`applied ${sqlFile}`);
      }
      if (!args.includes('--no-vacuum')) await vacuumCustomers(client);
      if (sqlFile) await client.query('ANALYZE');
    } finally {
      await client.end();
    }

    const token = await signIn(server.graphqlUrl, DEMO_STAFF.username, DEMO_STAFF.password);
    const mix = await queryMix(seedDb, createRandom(4242));

    const run = async (variables: Variables) => {
      const started = performance.now();
      const data = await gql<Page>(server.graphqlUrl, QUERY, variables, token);
      return { ms: performance.now() - started, page: data.customers };
    };

    for (let i = 0; i < warmup; i++) await run(mix.next().variables);
    const t = performance.now();
    const samples: Sample[] = [];
    let previous: { kind: string; variables: Variables; endCursor: string } | null = null;
    while (samples.length < queries) {
      // Every fifth query turns the page of the one before, as someone scrolling does.
      const turnPage: boolean = previous !== null && samples.length % 5 === 4;
      const next: { kind: string; variables: Variables } = turnPage
        ? { kind: `${previous!.kind}, next page`, variables: { ...previous!.variables, after: previous!.endCursor } }
        : mix.next();
      const { kind, variables } = next;
      const result = await run(variables);
      const { count: capped, totalCount } = result.page;
      samples.push({ kind, variables, ms: result.ms, rows: result.page.edges.length, total: capped?.value ?? totalCount ?? Number.NaN, exact: capped?.exact ?? true });
      const cursor = result.page.pageInfo.endCursor;
      previous = result.page.pageInfo.hasNextPage && cursor && !turnPage ? { kind, variables, endCursor: cursor } : turnPage ? null : previous;
    }
    const seconds = (performance.now() - t) / 1000;

    report(samples);
    const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
    const p50 = quantile(sorted, 0.5);
    const p99 = quantile(sorted, 0.99);
    progress(`${count(samples.length)} queries in ${seconds.toFixed(1)} s (${count(samples.length / seconds)}/s, one at a time)`);
    // Prisma drops the LIMIT from cursor pages ordered by a nullable column (city), reading every
    // row after the cursor (prisma/prisma#15710): show what the rest would give on their own.
    const rest = samples.filter((s) => !(s.variables.after && s.variables.orderBy?.field === 'CITY')).map((s) => s.ms).sort((a, b) => a - b);
    progress(`p99 without the next pages sorted by CITY (${samples.length - rest.length} queries): ${ms(quantile(rest, 0.99))}`);
    return outcome(
      'customer-search',
      `p50 ${ms(p50)}, p99 ${ms(p99)} (${count(samples.length)} queries, ${count(customers)} customers${sqlFile ? `, with ${sqlFile}` : ''}${args.includes('--no-vacuum') ? ', not vacuumed' : ''}, ${COUNT_LABEL[countMode]})`,
      `p99 < ${TARGET_P99_MS} ms`,
      p99,
      TARGET_P99_MS,
    );
  },
};

const COUNT_LABEL: Record<CountMode, string> = { capped: 'count up to 1,000', exact: 'exact totalCount', none: 'no count' };

/** Per kind of query, and the slowest queries themselves, so a miss points at its cause. */
function report(samples: Sample[]) {
  const kinds = new Map<string, Sample[]>();
  for (const s of samples) kinds.set(s.kind, [...(kinds.get(s.kind) ?? []), s]);
  const rows = [...kinds.entries()]
    .map(([kind, list]) => {
      const sorted = list.map((s) => s.ms).sort((a, b) => a - b);
      return {
        kind,
        n: list.length,
        p50: quantile(sorted, 0.5),
        max: sorted.at(-1)!,
        total: list.reduce((sum, s) => sum + s.total, 0) / list.length,
        capped: list.some((s) => !s.exact),
      };
    })
    .sort((a, b) => b.max - a.max);
  progress('by kind of query (slowest first):');
  for (const r of rows) {
    progress(`  ${r.kind.padEnd(28)} n=${String(r.n).padStart(4)}  p50 ${ms(r.p50).padStart(8)}  max ${ms(r.max).padStart(8)}  avg count ${Number.isNaN(r.total) ? '-' : `${count(r.total)}${r.capped ? ' (some capped)' : ''}`}`);
  }
  progress('slowest queries:');
  for (const s of [...samples].sort((a, b) => b.ms - a.ms).slice(0, 12)) {
    progress(`  ${ms(s.ms).padStart(8)}  ${JSON.stringify(s.variables)} → ${Number.isNaN(s.total) ? '?' : `${count(s.total)}${s.exact ? '' : '+'}`} matches`);
  }
}

/**
 * The queries people type and click, with terms taken from the data: logins, addresses, MACs
 * and phone numbers of real rows, common names and 3-letter fragments, and filter ids.
 */
async function queryMix(db: ReturnType<typeof createDb>, r: Random) {
  const [services, assignments, phones, partners, tariffs, routers] = await Promise.all([
    db.$queryRawUnsafe<Array<{ login: string; mac: string | null }>>('SELECT login, mac FROM "Service" ORDER BY random() LIMIT 500'),
    db.$queryRawUnsafe<Array<{ address: string }>>(`SELECT host(address) AS address FROM "IpAssignment" WHERE family(address) = 4 ORDER BY random() LIMIT 200`),
    db.$queryRawUnsafe<Array<{ phone: string }>>('SELECT phone FROM "Customer" WHERE phone IS NOT NULL ORDER BY random() LIMIT 200'),
    db.partner.findMany({ select: { id: true } }),
    db.tariff.findMany({ select: { id: true } }),
    db.router.findMany({ select: { id: true } }),
  ]);
  const macs = services.flatMap((s) => (s.mac ? [s.mac] : []));
  const names = [...SURNAMES.map((s) => s.toLowerCase()), ...FIRST_NAMES.map((f) => f.toLowerCase())];
  const fragments = ['van', 'jan', 'ber', 'kok', 'sen', 'dij', 'tie', 'ker', 'str', 'mei'];
  const statuses = [['ACTIVE'], ['BLOCKED'], ['NEW'], ['BLOCKED', 'INACTIVE']];
  const sorts = [
    { field: 'NAME', direction: 'ASC' },
    { field: 'CREATED_AT', direction: 'DESC' },
    { field: 'BALANCE', direction: 'ASC' },
    { field: 'CITY', direction: 'ASC' },
    { field: 'STATUS', direction: 'ASC' },
  ] as const;
  const id = (rows: Array<{ id: number }>) => r.pick(rows).id;
  const digits = (phone: string) => {
    const all = phone.replace(/\D/g, '');
    const length = r.int(6, 9);
    const start = r.int(0, Math.max(0, all.length - length));
    return all.slice(start, start + length);
  };

  const kinds: Array<{ kind: string; weight: number; filter: () => Record<string, unknown>; sorted?: boolean }> = [
    { kind: 'search name', weight: 14, filter: () => ({ search: r.pick(names) }) },
    { kind: 'search first + last name', weight: 6, filter: () => ({ search: `${r.pick(FIRST_NAMES)} ${r.pick(SURNAMES)}` }) },
    { kind: 'search login', weight: 10, filter: () => ({ search: r.pick(services).login }) },
    { kind: 'search IPv4 address', weight: 8, filter: () => ({ search: r.pick(assignments).address }) },
    { kind: 'search MAC (colons)', weight: 5, filter: () => ({ search: r.pick(macs) }) },
    { kind: 'search MAC (bare hex)', weight: 3, filter: () => ({ search: r.pick(macs).replace(/:/g, '') }) },
    { kind: 'search phone digits', weight: 8, filter: () => ({ search: digits(r.pick(phones).phone) }) },
    { kind: 'search 3 characters', weight: 6, filter: () => ({ search: r.pick(fragments) }) },
    { kind: 'search town', weight: 3, filter: () => ({ search: r.pick(TOWNS).name }) },
    { kind: 'search + status', weight: 6, filter: () => ({ search: r.pick(names), status: r.pick(statuses) }) },
    { kind: 'status', weight: 8, filter: () => ({ status: r.pick(statuses) }), sorted: true },
    { kind: 'tariff', weight: 6, filter: () => ({ tariffId: id(tariffs) }), sorted: true },
    { kind: 'partner + status', weight: 6, filter: () => ({ partnerId: id(partners), status: ['ACTIVE'] }), sorted: true },
    { kind: 'router', weight: 6, filter: () => ({ routerId: id(routers) }), sorted: true },
    { kind: 'search + router', weight: 3, filter: () => ({ search: r.pick(names), routerId: id(routers) }) },
    { kind: 'no filter', weight: 2, filter: () => ({}), sorted: true },
  ];
  return {
    next(): { kind: string; variables: Variables } {
      const k = r.weighted(kinds, (x) => x.weight);
      const variables: Variables = { first: 50, filter: k.filter() };
      if (k.sorted || r.chance(0.3)) {
        variables.orderBy = { ...r.pick(sorts) };
        return { kind: `${k.kind}, sorted`, variables };
      }
      return { kind: k.kind, variables };
    },
  };
}
