import { checkHealth } from '$lib/shared/health';
import { apiUrl } from '$lib/live/client';
import type { PageServerLoad } from './$types';

// Fetched by the console's server, not the browser: no CORS needed, and the page renders with a
// result (possibly "unreachable") instead of an empty card waiting for a script.
export const load: PageServerLoad = async ({ fetch, depends }) => {
  depends('backhaul:health');
  return { health: await checkHealth(fetch, apiUrl(), { timeoutMs: 3000 }) };
};
