import type { ResultOf } from '$lib/graphql/graphql';
import type { MeQuery } from '$lib/graphql/auth';

/** sessionStorage key of the signed-in staff member's token. */
export const SESSION_STORAGE_KEY = 'backhaul-console-session';

export type Me = NonNullable<ResultOf<typeof MeQuery>['me']>;

interface StoredSession {
  token: string;
  expiresAt: string;
}

/** Storage as the session needs it; sessionStorage in the browser, a Map in tests. */
export interface SessionStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * The signed-in staff member: the API token and who they are.
 *
 * The token lives in sessionStorage: it is sent as `Authorization: Bearer` (HTTP) and in
 * `connectionParams` (WebSocket) straight to the API, which takes no cookies (so there is no
 * CSRF to defend against), and it ends with the tab. An httpOnly cookie would keep it from
 * scripts, but the browser could then no longer open the WebSocket to the API with it, and every
 * request would need a hop through the console's server. The page's Content-Security-Policy
 * (svelte.config.js, hooks.server.ts) allows scripts from the console only, which is what keeps
 * the token from an injected script.
 */
export class SessionManager {
  token = $state<string | null>(null);
  expiresAt = $state<string | null>(null);
  me = $state<Me | null>(null);
  permissions = $state<ReadonlySet<string>>(new Set());

  #storage: SessionStorageLike | null;

  constructor(storage: SessionStorageLike | null) {
    this.#storage = storage;
    const stored = this.#read();
    if (stored && Date.parse(stored.expiresAt) > Date.now()) {
      this.token = stored.token;
      this.expiresAt = stored.expiresAt;
    } else if (stored) {
      this.#storage?.removeItem(SESSION_STORAGE_KEY);
    }
  }

  get signedIn(): boolean {
    return this.token !== null;
  }

  /** Whether the staff member's role holds `permission` (e.g. `customers:block`). */
  can(permission: string): boolean {
    return this.permissions.has(permission);
  }

  /** Whether any of the permissions is held. */
  canAny(...permissions: string[]): boolean {
    return permissions.some((p) => this.permissions.has(p));
  }

  start(token: string, expiresAt: string): void {
    this.token = token;
    this.expiresAt = expiresAt;
    this.me = null;
    this.permissions = new Set();
    try {
      this.#storage?.setItem(SESSION_STORAGE_KEY, JSON.stringify({ token, expiresAt } satisfies StoredSession));
    } catch {
      // Storage refused (quota, policy): the session lasts until the page is left.
    }
  }

  identify(me: Me, permissions: readonly string[]): void {
    this.me = me;
    this.permissions = new Set(permissions);
  }

  /** Keeps the preferences the server confirmed. */
  setPreferences(preferences: unknown): void {
    if (this.me) this.me = { ...this.me, preferences };
  }

  clear(): void {
    this.token = null;
    this.expiresAt = null;
    this.me = null;
    this.permissions = new Set();
    try {
      this.#storage?.removeItem(SESSION_STORAGE_KEY);
    } catch {
      // Nothing stored, or storage unavailable: nothing to remove.
    }
  }

  #read(): StoredSession | null {
    try {
      const raw = this.#storage?.getItem(SESSION_STORAGE_KEY);
      if (!raw) return null;
      const value = JSON.parse(raw) as Partial<StoredSession>;
      return typeof value.token === 'string' && typeof value.expiresAt === 'string' ? { token: value.token, expiresAt: value.expiresAt } : null;
    } catch {
      return null;
    }
  }
}
