import { env } from '$env/dynamic/public';

/**
 * The API's GraphQL endpoint, read at run time from PUBLIC_API_URL (never baked into the build),
 * or null when it is not set. Readable on the server and in the browser.
 *
 * This module will own the console's one graphql-ws client: created lazily on first use,
 * retrying on any connection problem, and shared by every manager that subscribes. Until that
 * lands it only knows where the API is.
 */
export function apiUrl(): string | null {
  const value = env['PUBLIC_API_URL']?.trim();
  return value ? value : null;
}
