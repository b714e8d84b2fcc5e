/**
 * The server's side of the delay: a graphql-ws client of our own, signed in as the dashboard is,
 * subscribed to sessionChanges with the shortest batch (10 ms). When a started session reaches
 * it, the RADIUS process has stored and published it and the server has streamed it; what the
 * dashboard adds after that (its own batch window, fetching the session, drawing it) is the rest.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { epochMs } from './page.ts';

const SUBSCRIPTION = 'subscription { sessionChanges(batchMs: 10) { kind sessionId } }';

export interface SessionStream {
  /** When session `id` (RadiusSession.id) was first streamed as started, epoch ms. */
  startedAt(id: string): number | undefined;
  close(): Promise<void>;
}

export async function watchSessionStream(wsUrl: string, token: string): Promise<SessionStream> {
  const started = new Map<string, number>();
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
  });
  await new Promise<void>((resolve, reject) => {
    const stopConnected = client.on('connected', () => {
      stopConnected();
      resolve();
    });
    client.on('error', (error) => reject(new Error(`the session stream could not connect: ${String((error as Error)?.message ?? error)}`)));
  });
  const unsubscribe = client.subscribe<{ sessionChanges: Array<{ kind: string; sessionId: string }> }>(
    { query: SUBSCRIPTION },
    {
      next: (result) => {
        const now = epochMs();
        for (const change of result.data?.sessionChanges ?? []) {
          if (change.kind !== 'STARTED') continue;
          // A Relay global ID: base64 of `RadiusSession:<id>`.
          const id = Buffer.from(change.sessionId, 'base64').toString('utf8').split(':')[1] ?? '';
          if (!started.has(id)) started.set(id, now);
        }
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
  return {
    startedAt: (id) => started.get(id),
    async close() {
      unsubscribe();
      await client.dispose();
    },
  };
}
