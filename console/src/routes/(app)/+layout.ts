import { error, redirect } from '@sveltejs/kit';
import { loadMe, loginUrl, session } from '$lib/api/app.svelte';
import { describeError, isApiError } from '$lib/api/errors';
import type { LayoutLoad } from './$types';

/** Every staff page: signed in, and who they are known (the navigation depends on it). */
export const load: LayoutLoad = async ({ url }) => {
  if (!session().signedIn) redirect(307, loginUrl(url));
  if (!session().me) {
    try {
      await loadMe();
    } catch (e) {
      if (isApiError(e) && e.kind === 'unauthorized') redirect(307, loginUrl(url, 'expired'));
      error(503, describeError(e));
    }
  }
  return {};
};
