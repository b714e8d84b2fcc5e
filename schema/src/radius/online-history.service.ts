import { Prisma } from '@backhaul/prisma/client';
import { GraphQLError } from 'graphql';
import type { ServiceContext } from '../shared/context.ts';
import { partnerOf } from '../shared/principal.ts';

/** How far back the per-minute samples go (the RADIUS leader prunes older ones). */
export const ONLINE_HISTORY_DAYS = 35;
/** A chart needs no more points than this; longer ranges are averaged into wider buckets. */
const MAX_POINTS = 1_500;
/** Bucket widths, smallest first: a minute (the sampling interval) up to six hours. */
const BUCKETS_SECONDS = [60, 300, 900, 1_800, 3_600, 10_800, 21_600] as const;

export interface OnlinePoint {
  at: Date;
  /** The average of the bucket's per-minute totals. */
  online: number;
  /** The highest per-minute total in the bucket. */
  peak: number;
}

export interface OnlineHistory {
  bucketSeconds: number;
  points: OnlinePoint[];
}

/** The narrowest bucket that keeps `from`–`to` within MAX_POINTS points. */
export function bucketFor(from: Date, to: Date): number {
  const seconds = (to.getTime() - from.getTime()) / 1000;
  return BUCKETS_SECONDS.find((b) => seconds / b <= MAX_POINTS) ?? BUCKETS_SECONDS.at(-1)!;
}

/**
 * Online sessions over time from the per-minute samples: the sum over the NAS the caller may see
 * (a partner: their own routers), or one NAS. Minutes without a sample (no RADIUS process was
 * leading) are left out, so a chart shows a gap rather than a false zero.
 */
export async function onlineHistory(ctx: Pick<ServiceContext, 'db' | 'principal'>, args: { from: Date; to?: Date | null; routerId?: number | null }): Promise<OnlineHistory> {
  const to = args.to ?? new Date();
  if (args.from >= to) throw new GraphQLError('from: must be before to');
  if (to.getTime() - args.from.getTime() > ONLINE_HISTORY_DAYS * 86_400_000) throw new GraphQLError(`from: at most ${ONLINE_HISTORY_DAYS} days before to`);
  const bucketSeconds = bucketFor(args.from, to);
  const partnerId = partnerOf(ctx.principal);
  const rows = await ctx.db.$queryRaw<OnlinePoint[]>`
    SELECT date_bin(make_interval(secs => ${bucketSeconds}), at, TIMESTAMP '2000-01-01') AS at,
      round(avg(total))::int AS online, max(total)::int AS peak
    FROM (
      SELECT s.at, sum(s.online) AS total FROM "OnlineSample" s
      ${partnerId === null ? Prisma.empty : Prisma.sql`JOIN "Router" r ON r.id = s."routerId" AND r."partnerId" = ${partnerId}`}
      WHERE s.at >= ${args.from} AND s.at < ${to} ${args.routerId == null ? Prisma.empty : Prisma.sql`AND s."routerId" = ${args.routerId}`}
      GROUP BY s.at
    ) minutes
    GROUP BY 1 ORDER BY 1`;
  return { bucketSeconds, points: rows };
}
