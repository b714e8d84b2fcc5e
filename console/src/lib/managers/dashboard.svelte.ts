import type { ApiClient } from '$lib/api/client.svelte';
import { RollingSeries } from '$lib/components/charts/series';
import { DashboardQuery, LatestRejectsQuery, RadiusRatesSubscription, SessionsByIdQuery } from '$lib/graphql/dashboard';
import type { ResultOf } from '$lib/graphql/graphql';
import { RadiusLogAddedSubscription, SessionChangesSubscription } from '$lib/graphql/sessions';
import { throttle } from '$lib/shared/throttle';
import { describeError } from '$lib/api/errors';

type Dashboard = ResultOf<typeof DashboardQuery>;
export type RecentSession = Dashboard['stopped']['edges'][number]['node'];
export type Reject = Dashboard['rejects']['edges'][number]['node'];
export type Rates = ResultOf<typeof RadiusRatesSubscription>['radiusRates'];
export type NasRates = Rates['nas'][number];

export interface Activity {
  key: string;
  kind: 'STARTED' | 'STOPPED';
  /** When it happened (ms). */
  at: number;
  session: RecentSession;
}

const HOUR = 60 * 60 * 1000;
const RATE_WINDOW = 10 * 60 * 1000;
const RECENT_MAX = 20;
/** How far back "sessions that stopped in the last minutes" looks when (re)loading. */
const RECENT_SINCE_MS = 15 * 60 * 1000;
/**
 * The window in which the server gathers session changes into one message. A RADIUS process
 * already publishes a second's changes as one burst, so a short window only collects that burst
 * (one message a second even at 1,000 changes a second), while every millisecond of it is added
 * to the time a new session takes to show (bench/README.md#console: 500 ms made it p50 1.0 s).
 */
const SESSION_BATCH_MS = 100;

/**
 * The live NOC dashboard's state: figures from `radiusRates` (once a second), sessions starting
 * and stopping from `sessionChanges`, the latest rejects (`radiusLogAdded`), the last hour of the
 * online count (`onlineHistory`), and the series its charts draw. It loads
 * what it shows first by query, follows the subscriptions, and loads again after a reconnect so
 * nothing that happened while disconnected is missing. The series have bounded windows, so a
 * dashboard left open for days holds as much as one opened a minute ago.
 */
export class DashboardManager {
  online = $state<number | null>(null);
  rates = $state<Rates | null>(null);
  nas = $state<NasRates[]>([]);
  recent = $state<Activity[]>([]);
  rejects = $state<Reject[]>([]);
  error = $state<string | null>(null);
  loading = $state(false);
  /** Bumped when a series changes, for the charts to redraw. */
  chartVersion = $state(0);

  /**
   * A point every 10 s: on a chart a few hundred pixels wide it draws the line one a second
   * would, with a tenth of the points (chart.js keeps an element of a few hundred bytes for each).
   */
  readonly onlineSeries = new RollingSeries(HOUR, 400, 10_000);
  readonly acceptSeries = new RollingSeries(RATE_WINDOW, 6_000);
  readonly rejectSeries = new RollingSeries(RATE_WINDOW, 6_000);
  readonly accountingSeries = new RollingSeries(RATE_WINDOW, 6_000);

  start(client: ApiClient): () => void {
    void this.refresh(client);
    // At most one fetch of the latest rejects a second, however many arrive.
    const loadRejects = throttle(() => void this.loadRejects(client), 1_000);
    const stops = [
      client.subscribe(RadiusRatesSubscription, { intervalMs: 1000 }, { next: (d) => this.onRates(d.radiusRates) }),
      client.subscribe(RadiusLogAddedSubscription, { filter: { result: ['REJECT'] }, batchMs: 250 }, { next: loadRejects }),
      client.subscribe(SessionChangesSubscription, { batchMs: SESSION_BATCH_MS }, { next: (d) => void this.onChanges(d.sessionChanges, client) }),
      client.onReconnect(() => void this.refresh(client)),
    ];
    return () => {
      for (const stop of stops) stop();
      loadRejects.cancel();
    };
  }

  async refresh(client: ApiClient): Promise<void> {
    this.loading = true;
    try {
      const now = Date.now();
      const data = await client.request(DashboardQuery, { since: new Date(now - RECENT_SINCE_MS).toISOString(), hourAgo: new Date(now - HOUR).toISOString() });
      this.online = data.onlineSessions.totalCount;
      // The last hour as sampled each minute, then the live figures from here on.
      this.onlineSeries.reset(data.history.points.map((p) => ({ x: Date.parse(p.at), y: p.online })));
      this.onlineSeries.push(now, data.onlineSessions.totalCount);
      this.chartVersion++;
      const started: Activity[] = data.onlineSessions.edges.map(({ node }) => ({
        key: `STARTED:${node.id}`,
        kind: 'STARTED',
        at: Date.parse(node.startedAt),
        session: { ...node, stoppedAt: null, terminateCause: null },
      }));
      const stopped: Activity[] = data.stopped.edges.map(({ node }) => ({
        key: `STOPPED:${node.id}`,
        kind: 'STOPPED',
        at: Date.parse(node.stoppedAt ?? node.startedAt),
        session: node,
      }));
      this.recent = [...started, ...stopped].sort((a, b) => b.at - a.at).slice(0, RECENT_MAX);
      this.rejects = data.rejects.edges.map((e) => e.node);
      this.error = null;
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.loading = false;
    }
  }

  onRates(rates: Rates): void {
    const at = Date.parse(rates.at) || Date.now();
    this.rates = rates;
    this.online = rates.totals.online;
    this.onlineSeries.push(at, rates.totals.online);
    this.acceptSeries.push(at, rates.totals.acceptsPerSecond + rates.totals.blockedPerSecond);
    this.rejectSeries.push(at, rates.totals.rejectsPerSecond);
    this.accountingSeries.push(at, rates.totals.accountingPerSecond);
    this.chartVersion++;
    this.nas = [...rates.nas].sort((a, b) => b.online - a.online || a.title.localeCompare(b.title));
  }

  async loadRejects(client: ApiClient): Promise<void> {
    try {
      this.rejects = (await client.request(LatestRejectsQuery)).radiusLog.edges.map((e) => e.node);
    } catch {
      // The next reject or reconnect loads them again.
    }
  }

  async onChanges(changes: ReadonlyArray<{ kind: string; sessionId: string }>, client: ApiClient): Promise<void> {
    // Only the newest starts and stops matter here (a burst of thousands shows its last 20).
    const wanted = new Map<string, 'STARTED' | 'STOPPED'>();
    for (let i = changes.length - 1; i >= 0 && wanted.size < RECENT_MAX; i--) {
      const change = changes[i]!;
      if ((change.kind === 'STARTED' || change.kind === 'STOPPED') && !wanted.has(change.sessionId)) wanted.set(change.sessionId, change.kind);
    }
    if (wanted.size === 0) return;
    try {
      const { nodes } = await client.request(SessionsByIdQuery, { ids: [...wanted.keys()] });
      const now = Date.now();
      const fresh: Activity[] = [];
      for (const node of nodes) {
        if (!node || !('login' in node)) continue;
        const kind = wanted.get(node.id) ?? 'STARTED';
        fresh.push({ key: `${kind}:${node.id}`, kind, at: kind === 'STOPPED' ? Date.parse(node.stoppedAt ?? '') || now : Date.parse(node.startedAt) || now, session: node });
      }
      const keys = new Set(fresh.map((a) => a.key));
      this.recent = [...fresh, ...this.recent.filter((a) => !keys.has(a.key))].sort((a, b) => b.at - a.at).slice(0, RECENT_MAX);
    } catch {
      // The next change or reconnect loads them again; the figures keep updating meanwhile.
    }
  }
}
