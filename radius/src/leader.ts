/**
 * Work that exactly one RADIUS process must do, whichever instances and workers run: closing
 * stale sessions, sampling the online count each minute, pruning the RADIUS log and the samples,
 * and sending CoA/Disconnect requests (asked for by staff, or because a subscriber was blocked,
 * unblocked or changed tariff). The instances elect
 * the leader with a PostgreSQL advisory lock held on a dedicated connection: if the leader dies,
 * its connection closes, the lock frees, and another instance takes over within seconds.
 */
import pg from 'pg';
import type { Db } from '@backhaul/prisma/db';
import type { EventPayload } from '@backhaul/schema/events/catalogue.ts';
import type { PubSub } from '@backhaul/schema/events/pubsub.ts';
import { ONLINE_HISTORY_DAYS } from '@backhaul/schema/radius/online-history.service.ts';
import { sessionAction, type Subscriber } from '@backhaul/schema/radius/policy.ts';
import type { Log } from '@backhaul/schema/shared/log.ts';
import { attribute, type OutgoingAttribute } from './protocol/packet.ts';
import type { CoaClient, CoaOutcome } from './coa/coa-client.ts';
import type { StoredSession } from './accounting/writer.ts';
import type { Nas, NasTable } from './nas-table.ts';
import type { TemplateStore } from './template-store.ts';
import type { Vocabulary } from './vocabulary.ts';

const LOCK_KEY = 1_812_1813;
const ELECT_EVERY_MS = 5_000;
const SWEEP_EVERY_MS = 60_000;
const PRUNE_EVERY_MS = 3_600_000;
const SAMPLE_EVERY_MS = 60_000;

interface OnlineRow {
  id: string;
  routerId: number | null;
  login: string;
  acctSessionId: string;
  framedIp: string | null;
  mac: string | null;
  nasIp: string;
  nasPortId: string | null;
  customerId: number | null;
  partnerId: number | null;
  rateLimit: string | null;
  blocked: boolean;
}

const ONLINE_COLUMNS = `id::text AS id, "routerId", login, "acctSessionId", host("framedIp") AS "framedIp", mac, host("nasIp") AS "nasIp",
  "nasPortId", "customerId", "partnerId", "rateLimit", blocked`;

export interface LeaderDeps {
  readonly databaseUrl: string;
  readonly db: Db;
  readonly pool: pg.Pool;
  readonly pubsub: PubSub;
  readonly nasTable: NasTable;
  readonly templates: TemplateStore;
  readonly coa: CoaClient;
  readonly v: Vocabulary;
  readonly log: Log;
  /** Sessions the sweeper closed, for the registry and the live events. */
  readonly onClosed: (sessions: readonly StoredSession[]) => void;
}

export class Leader {
  private client: pg.Client | undefined;
  private leading = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly deps: LeaderDeps) {}

  get isLeader(): boolean {
    return this.leading;
  }

  async start(): Promise<void> {
    await this.elect();
    this.timers.push(
      setInterval(() => void this.elect(), ELECT_EVERY_MS).unref(),
      setInterval(() => void this.whenLeading('stale-session sweep', () => this.sweep()), SWEEP_EVERY_MS).unref(),
      setInterval(() => void this.whenLeading('RADIUS log pruning', () => this.prune()), PRUNE_EVERY_MS).unref(),
      setInterval(() => void this.whenLeading('online sampling', () => this.sample()), SAMPLE_EVERY_MS).unref(),
    );
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.leading = false;
    await this.client?.end().catch(() => undefined);
  }

  /** Staff asked to disconnect a session or change its rate. */
  async onCoaRequested(request: EventPayload<'CoaRequested'>): Promise<void> {
    if (!this.leading) return;
    const { rows } = await this.deps.pool.query<OnlineRow>(`SELECT ${ONLINE_COLUMNS} FROM "RadiusSession" WHERE id = $1 AND "stoppedAt" IS NULL`, [request.sessionId]);
    const session = rows[0];
    const publish = (result: EventPayload<'CoaResult'>['result'], outcome?: CoaOutcome) =>
      this.deps.pubsub.publish('CoaResult', {
        requestId: request.requestId,
        sessionId: request.sessionId,
        routerId: session?.routerId ?? null,
        action: request.action,
        result,
        errorCause: outcome?.errorCause ?? null,
        attempts: outcome?.attempts ?? 0,
      });
    if (!session) return publish('NOT_ONLINE');
    const nas = session.routerId === null ? undefined : this.deps.nasTable.byRouterId(session.routerId);
    if (!nas) return publish('NO_NAS');
    const outcome = request.action === 'DISCONNECT' ? await this.disconnect(nas, session) : await this.changeRate(nas, session, request.rateLimit ?? '');
    await publish(outcome.result, outcome);
  }

  /**
   * A subscriber changed (every instance has refreshed its cache): bring its online sessions
   * in line — disconnect what may no longer be online or moves in or out of the blocked state,
   * send the new rate to the others.
   */
  async onSubscriberChanged(serviceId: number, subscriber: Subscriber | undefined): Promise<void> {
    if (!this.leading) return;
    const { rows } = await this.deps.pool.query<OnlineRow>(`SELECT ${ONLINE_COLUMNS} FROM "RadiusSession" WHERE "serviceId" = $1 AND "stoppedAt" IS NULL`, [serviceId]);
    for (const session of rows) {
      const nas = session.routerId === null ? undefined : this.deps.nasTable.byRouterId(session.routerId);
      if (!nas) continue;
      const next = sessionAction(subscriber, { routerId: nas.routerId, vendor: nas.vendor, blocked: session.blocked, rateLimit: session.rateLimit }, this.deps.templates.settings(), new Date());
      if (!next) continue;
      const { action, why } = next;
      const outcome = next.rateLimit ? await this.changeRate(nas, session, next.rateLimit) : await this.disconnect(nas, session);
      this.deps.log.info(`CoA: ${action === 'RATE' ? 'rate change' : 'disconnect'} of ${session.login} on ${nas.title} (${why}): ${outcome.result}`, {
        errorCause: outcome.errorCauseName,
      });
      await this.audit(session, action, why, outcome);
      await this.deps.pubsub.publish('CoaResult', {
        requestId: `auto:${session.id}:${Date.now()}`,
        sessionId: session.id,
        routerId: nas.routerId,
        action,
        result: outcome.result,
        errorCause: outcome.errorCause,
        attempts: outcome.attempts,
      });
    }
  }

  /** Closes sessions that missed `staleAfterIntervals` interim updates. */
  async sweep(now = new Date()): Promise<number> {
    const settings = this.deps.templates.settings();
    const { rows } = await this.deps.pool.query<StoredSession>(
      `UPDATE "RadiusSession" SET "stoppedAt" = "updatedAt", "terminateCause" = 'Stale'
       WHERE "stoppedAt" IS NULL AND "updatedAt" < $1::timestamp - make_interval(secs => COALESCE("interimInterval", $2) * $3)
       RETURNING id::text AS id, "routerId", "serviceId", "customerId", "partnerId", mac`,
      [now.toISOString(), settings.interimIntervalSeconds, settings.staleAfterIntervals],
    );
    if (rows.length > 0) {
      this.deps.log.info(`closed ${rows.length} stale sessions (no update for ${settings.staleAfterIntervals} interim intervals)`);
      this.deps.onClosed(rows.map((r) => ({ ...r, change: 'stopped' as const })));
    }
    return rows.length;
  }

  /** Records how many sessions each NAS has online this minute (every NAS, zeros included, so a gap means no sample). */
  async sample(): Promise<void> {
    await this.deps.pool.query(
      `INSERT INTO "OnlineSample" (at, "routerId", online)
       SELECT date_trunc('minute', now() AT TIME ZONE 'UTC'), r.id, COALESCE(s.online, 0)
       FROM "Router" r
       LEFT JOIN (SELECT "routerId", count(*)::int AS online FROM "RadiusSession" WHERE "stoppedAt" IS NULL GROUP BY "routerId") s ON s."routerId" = r.id
       ON CONFLICT (at, "routerId") DO UPDATE SET online = EXCLUDED.online`,
    );
  }

  private async prune(): Promise<void> {
    const days = this.deps.templates.settings().authLogRetentionDays;
    await this.deps.pool.query(`DELETE FROM "RadiusAuthLog" WHERE at < (now() AT TIME ZONE 'UTC') - make_interval(days => $1)`, [days]);
    await this.deps.pool.query(`DELETE FROM "OnlineSample" WHERE at < (now() AT TIME ZONE 'UTC') - make_interval(days => $1)`, [ONLINE_HISTORY_DAYS]);
  }

  private disconnect(nas: Nas, session: OnlineRow): Promise<CoaOutcome> {
    return this.deps.coa.send({ kind: 'disconnect', nas: { address: nas.address, port: nas.coaPort, secret: nas.secret }, session: coaSession(session) });
  }

  private async changeRate(nas: Nas, session: OnlineRow, rateLimit: string): Promise<CoaOutcome> {
    const outcome = await this.deps.coa.send({
      kind: 'coa',
      nas: { address: nas.address, port: nas.coaPort, secret: nas.secret },
      session: coaSession(session),
      attributes: this.rateAttributes(nas, rateLimit),
    });
    if (outcome.result === 'ACK') await this.deps.pool.query(`UPDATE "RadiusSession" SET "rateLimit" = $2 WHERE id = $1`, [session.id, rateLimit]);
    return outcome;
  }

  /** The rate lines of the vendor's template, filled from a MikroTik-syntax rate ("up k/down k …"). */
  private rateAttributes(nas: Nas, rateLimit: string): OutgoingAttribute[] {
    if (nas.vendor === 'MIKROTIK') return [attribute(this.deps.v.MikrotikRateLimit, rateLimit)];
    const [up = 0, down = 0] = (/^(\d+)k\/(\d+)k/.exec(rateLimit) ?? []).slice(1).map(Number);
    return this.deps.templates.render(nas.vendor, 'ACCEPT', { rateLimit, uploadKbps: up, downloadKbps: down, uploadBps: up * 1000, downloadBps: down * 1000 });
  }

  private async audit(session: OnlineRow, action: 'DISCONNECT' | 'RATE', why: string, outcome: CoaOutcome): Promise<void> {
    await this.deps.db.auditLog
      .create({
        data: {
          actorType: 'SYSTEM',
          action: action === 'RATE' ? 'session.rate' : 'session.disconnect',
          entity: 'RadiusSession',
          entityId: session.id,
          customerId: session.customerId,
          partnerId: session.partnerId,
          before: { rateLimit: session.rateLimit, blocked: session.blocked },
          after: { reason: why, result: outcome.result, errorCause: outcome.errorCauseName, attempts: outcome.attempts },
        },
      })
      .catch((error: Error) => this.deps.log.warn('could not audit-log a CoA', { error: error.message }));
  }

  private async elect(): Promise<void> {
    if (this.leading) return;
    try {
      if (!this.client) {
        const client = new pg.Client({ connectionString: this.deps.databaseUrl, application_name: 'backhaul-radius-leader' });
        client.on('error', () => {
          if (this.leading) this.deps.log.warn('lost the leader connection; another RADIUS instance takes over');
          this.leading = false;
          this.client = undefined;
        });
        await client.connect();
        this.client = client;
      }
      const { rows } = await this.client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [LOCK_KEY]);
      this.leading = rows[0]?.locked === true;
      if (this.leading) {
        this.deps.log.info('this process leads: it sweeps stale sessions, samples the online count and sends CoA/Disconnect requests');
        void this.whenLeading('online sampling', () => this.sample());
      }
    } catch {
      await this.client?.end().catch(() => undefined);
      this.client = undefined;
    }
  }

  private async whenLeading(what: string, work: () => Promise<unknown>): Promise<void> {
    if (!this.leading) return;
    try {
      await work();
    } catch (error) {
      this.deps.log.warn(`${what} failed`, { error: (error as Error).message });
    }
  }
}

/** How the NAS knows the session (RFC 5176 §3); Calling-Station-Id is left out, as we store it normalised, not as the NAS spelled it. */
function coaSession(s: OnlineRow) {
  return {
    userName: s.login,
    acctSessionId: s.acctSessionId,
    nasIpAddress: s.nasIp,
    ...(s.framedIp ? { framedIpAddress: s.framedIp } : {}),
    ...(s.nasPortId ? { nasPortId: s.nasPortId } : {}),
  };
}
