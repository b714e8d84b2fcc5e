import type { SessionRef } from '@backhaul/schema/events/catalogue.ts';

interface OnlineSession {
  readonly serviceId: number | null;
  readonly routerId: number | null;
  readonly mac: string | null;
}

/**
 * Which sessions are online, across every RADIUS instance: loaded from the database at start,
 * then kept by this instance's own accounting and the SessionsChanged events of the others.
 * Answers the simultaneous-use check and the online count per NAS without a query.
 */
export class OnlineSessions {
  private readonly sessions = new Map<string, OnlineSession>();
  private readonly perService = new Map<number, Set<string>>();

  get size(): number {
    return this.sessions.size;
  }

  add(id: string, session: OnlineSession): void {
    if (this.sessions.has(id)) return;
    this.sessions.set(id, session);
    if (session.serviceId !== null) {
      let set = this.perService.get(session.serviceId);
      if (!set) this.perService.set(session.serviceId, (set = new Set()));
      set.add(id);
    }
  }

  remove(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    if (session.serviceId === null) return;
    const set = this.perService.get(session.serviceId);
    set?.delete(id);
    if (set?.size === 0) this.perService.delete(session.serviceId);
  }

  /** Applies a SessionsChanged event (idempotent: our own come back to us too). */
  apply(event: { started: readonly SessionRef[]; stopped: readonly SessionRef[] }): void {
    for (const ref of event.started) this.add(ref.id, { serviceId: ref.serviceId, routerId: ref.routerId, mac: ref.mac ?? null });
    for (const ref of event.stopped) this.remove(ref.id);
  }

  /**
   * Online sessions of a service, not counting one on the same NAS from the same MAC: that is
   * the same device reconnecting after the NAS lost its session without a Stop.
   */
  countFor(serviceId: number, routerId: number, mac: string | null): number {
    const ids = this.perService.get(serviceId);
    if (!ids) return 0;
    let count = 0;
    for (const id of ids) {
      const s = this.sessions.get(id)!;
      if (mac !== null && s.mac === mac && s.routerId === routerId) continue;
      count++;
    }
    return count;
  }


  perNas(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const s of this.sessions.values()) if (s.routerId !== null) counts.set(s.routerId, (counts.get(s.routerId) ?? 0) + 1);
    return counts;
  }
}
