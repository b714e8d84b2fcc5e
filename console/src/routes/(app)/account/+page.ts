import { error } from '@sveltejs/kit';
import { api } from '$lib/api/app.svelte';
import { describeError } from '$lib/api/errors';
import { MyAccountQuery } from '$lib/graphql/admin';
import type { PageLoad } from './$types';

/** Every staff member's own account: no permission needed. */
export const load: PageLoad = async ({ depends, parent }) => {
  await parent();
  depends('app:account');
  let data;
  try {
    data = await api().request(MyAccountQuery);
  } catch (e) {
    error(503, describeError(e));
  }
  if (!data.me) error(403, 'Only a signed-in staff member has an account page.');
  return { me: data.me, sessions: data.mySessions };
};
