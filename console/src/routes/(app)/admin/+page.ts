import { openFirstPage } from '$lib/components/layout/section';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  await parent();
  openFirstPage('/admin');
};
