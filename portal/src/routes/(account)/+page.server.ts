import { checkHealth } from '$shared/health';
import { apiUrl } from '$lib/live/client';
import type { PageServerLoad } from './$types';

// Fetched by the portal's server, not the browser: no CORS needed, and the page always renders
// with a status (possibly "unavailable") rather than waiting on a script.
export const load: PageServerLoad = async ({ fetch, depends }) => {
  depends('backhaul:health');
  return { health: await checkHealth(fetch, apiUrl(), { timeoutMs: 3000 }) };
};
