import { readFragment } from 'gql.tada';
import { error } from '@sveltejs/kit';
import { api, session } from '$lib/api/app.svelte';
import { describeError } from '$lib/api/errors';
import { requireAny } from '$lib/components/layout/section';
import { RadiusSettingsFragment, RadiusTemplateFragment, SettingsQuery } from '$lib/graphql/admin';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ depends, parent }) => {
  await parent();
  depends('app:admin:settings');
  requireAny(['settings:write'], 'the settings');
  // The settings are the whole ISP's: the API refuses their changes to staff of a partner.
  if (session().me?.partner) error(403, 'The settings apply to the whole ISP; staff of a partner cannot change them.');
  try {
    const data = await api().request(SettingsQuery);
    return {
      settings: readFragment(RadiusSettingsFragment, data.radiusSettings),
      templates: readFragment(RadiusTemplateFragment, data.radiusTemplates),
      placeholders: data.radiusTemplatePlaceholders,
      error: null,
    };
  } catch (e) {
    return { settings: null, templates: [], placeholders: [], error: describeError(e) };
  }
};
