import { z } from 'zod';
import { builder } from '../builder.ts';
import { partnerOf } from '../shared/principal.ts';
import { radiusRateStream, type NasRates, type Rates, type RatesSnapshot } from './rates.service.ts';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

function rateFields<P extends Rates>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, P>) {
  return {
    acceptsPerSecond: t.float({ resolve: (r) => r.acceptsPerSecond }),
    blockedPerSecond: t.float({ description: 'Accepted into the blocked state.', resolve: (r) => r.blockedPerSecond }),
    rejectsPerSecond: t.float({ resolve: (r) => r.rejectsPerSecond }),
    accountingPerSecond: t.float({ description: 'Accounting requests (start, interim, stop).', resolve: (r) => r.accountingPerSecond }),
    online: t.int({ description: 'Sessions online now.', resolve: (r) => r.online }),
  };
}

const RadiusRateTotals = builder.objectRef<Rates>('RadiusRateTotals').implement({ fields: (t) => rateFields(t) });

const NasRatesRef = builder.objectRef<NasRates>('NasRadiusRates').implement({
  description: 'One NAS: requests per second over the interval, summed over every RADIUS process.',
  fields: (t) => ({
    routerId: t.exposeInt('routerId'),
    title: t.exposeString('title'),
    lastPacketAt: t.expose('lastPacketAt', {
      type: 'DateTime',
      nullable: true,
      description: 'The last RADIUS packet from this NAS: within a second while it sends, otherwise as recorded (to within about 10 s); null when it never sent one.',
    }),
    ...rateFields(t),
  }),
});

const RadiusRatesRef = builder.objectRef<RatesSnapshot>('RadiusRates').implement({
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    intervalMs: t.exposeInt('intervalMs'),
    instances: t.exposeInt('instances', { description: 'RADIUS processes reporting.' }),
    nas: t.field({ type: [NasRatesRef], resolve: (s) => s.nas }),
    totals: t.field({ type: RadiusRateTotals, description: 'Over the NAS listed.', resolve: (s) => s.totals }),
  }),
});

builder.subscriptionFields((t) => ({
  radiusRates: t.field({
    type: RadiusRatesRef,
    description: 'Accepts, blocked accepts, rejects and accounting per second and online sessions, per NAS (those you may see), once per `intervalMs` while RADIUS reports.',
    authScopes: { permission: 'sessions:read' },
    args: {
      intervalMs: t.arg.int({ defaultValue: 1000, validate: z.number().int().min(250).max(60_000), description: '250–60,000 ms.' }),
    },
    subscribe: (_p, args, ctx) => radiusRateStream(ctx, partnerOf(ctx.principal), args.intervalMs ?? 1000),
    resolve: (snapshot) => snapshot,
  }),
}));
