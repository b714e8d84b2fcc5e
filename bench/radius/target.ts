/** What the RADIUS benchmark measures: a server that answers on two UDP ports of a host. */
export interface Target {
  /** `freeradius-users`, `freeradius-sql`, `backhaul`: used in the report. */
  readonly name: string;
  readonly host: string;
  readonly authPort: number;
  readonly acctPort: number;
  /** The shared secret of the client 127.0.0.1. */
  readonly secret: string;
  /**
   * How many of these Acct-Session-Ids the target has stored (the reconnect storm checks that
   * every session was recorded). Optional: without it the storm reports "not checked".
   */
  recordedSessions?(acctSessionIds: readonly string[]): Promise<number>;
  /** The server's processes, whose CPU use (their descendants' too) the report shows per measurement (Linux /proc). */
  readonly pids?: readonly number[];
  /** Stops the server; also registered with the benchmark context, so calling it is optional. */
  stop(): Promise<void>;
}

/** Where the load generator sends: a Target without its methods, so it crosses IPC. */
export interface Endpoint {
  readonly name: string;
  readonly host: string;
  readonly authPort: number;
  readonly acctPort: number;
  readonly secret: string;
}

export function endpointOf(target: Target): Endpoint {
  return { name: target.name, host: target.host, authPort: target.authPort, acctPort: target.acctPort, secret: target.secret };
}
