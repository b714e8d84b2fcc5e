import { error } from '@sveltejs/kit';
import { session } from '$lib/api/app.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  await parent();
  if (!session().can('customers:create')) error(403, 'Your role may not create customers.');
  return {};
};
