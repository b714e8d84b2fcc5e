/**
 * The browser's one API client and session, created on first use. The console renders in the
 * browser only (`ssr = false` in routes/+layout.ts), so these never exist on the server.
 */
import { browser } from '$app/environment';
import { goto } from '$app/navigation';
import { LogoutMutation, MeQuery } from '$lib/graphql/auth';
import { apiUrl } from '$lib/live/client';
import { PreferencesManager } from '$lib/managers/preferences.svelte';
import { SessionManager } from '$lib/managers/session.svelte';
import { toasts } from '$lib/managers/toasts.svelte';
import { ApiClient } from './client.svelte';
import { ApiError } from './errors';

// Created when the module loads, not on first use: state created while a component renders is
// not tracked by that component (Svelte 5 ignores a reaction's own new sources), so a lazily
// created manager would not update the first screen that used it.
const sessionManager = new SessionManager(browser ? window.sessionStorage : null);
const url = browser ? apiUrl() : null;
const client: ApiClient | null = url ? new ApiClient({ url, token: () => sessionManager.token, onUnauthorized: () => void signOut('expired') }) : null;
let signingOut = false;

export function session(): SessionManager {
  return sessionManager;
}

export function api(): ApiClient {
  if (!browser) throw new Error('The API client runs in the browser only.');
  if (!client) throw new ApiError('network', 'The console has no API address: start it with PUBLIC_API_URL set.');
  return client;
}

/** The sign-in page's address, remembering where to go back to (a path on this console only). */
export function loginUrl(from: URL | null, reason?: 'expired'): string {
  const params = new URLSearchParams();
  const back = from ? from.pathname + from.search : '/';
  if (back !== '/' && back !== '/login') params.set('redirectTo', back);
  if (reason) params.set('reason', reason);
  const query = params.toString();
  return query ? `/login?${query}` : '/login';
}

/** Only same-origin paths: an attacker's `?redirectTo=https://evil` lands on the dashboard. */
export function safeRedirect(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}

/** Fetches who is signed in and their permissions. Throws ApiError. */
export async function loadMe(): Promise<void> {
  const data = await api().request(MeQuery);
  if (!data.me) throw new ApiError('unauthorized', 'This token does not belong to a staff member. Sign in again.');
  session().identify(data.me, data.myPermissions);
}

/**
 * Ends the session: `logout` revokes the token on the server (best effort: an expired token has
 * nothing left to revoke), the live connection closes, and the sign-in page opens, remembering
 * the current page when the session expired rather than being ended by the person.
 */
export async function signOut(reason: 'logout' | 'expired'): Promise<void> {
  if (signingOut) return;
  signingOut = true;
  try {
    const current = browser ? new URL(window.location.href) : null;
    if (reason === 'logout' && session().token) {
      await api()
        .request(LogoutMutation)
        .catch(() => undefined);
    }
    client?.close();
    session().clear();
    await goto(reason === 'expired' ? loginUrl(current, 'expired') : '/login', { replaceState: reason === 'expired' });
  } finally {
    signingOut = false;
  }
}

const preferencesManager = new PreferencesManager(sessionManager, api, (message) => toasts.show('error', message));

/** The signed-in staff member's console preferences (chosen columns…). */
export function preferences(): PreferencesManager {
  return preferencesManager;
}
