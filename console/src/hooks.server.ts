import type { Handle } from '@sveltejs/kit';
import { apiUrl, webSocketUrl } from '$lib/live/client';

/**
 * A second Content-Security-Policy beside the one svelte.config.js sets (browsers enforce both):
 * pages may connect to the console and to the API only. It is added here because the API's
 * address is known at run time (PUBLIC_API_URL), not when the console is built.
 */
export const handle: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  if (response.headers.get('content-type')?.startsWith('text/html')) {
    const url = apiUrl();
    let sources = "'self'";
    try {
      if (url) sources += ` ${new URL(url).origin} ${new URL(webSocketUrl(url)).origin}`;
    } catch {
      // An invalid PUBLIC_API_URL: the health card says so; the policy allows the console only.
    }
    response.headers.append('content-security-policy', `connect-src ${sources}`);
  }
  return response;
};
