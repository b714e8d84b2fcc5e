import { api, session } from '$lib/api/app.svelte';
import { describeError } from '$lib/api/errors';
import { PartnerChoicesQuery, RouterChoicesQuery, TariffChoicesQuery } from '$lib/graphql/customers';
import type { ResultOf } from '$lib/graphql/graphql';
import { allNodes } from '$lib/shared/cursor-page';

export type TariffOption = ResultOf<typeof TariffChoicesQuery>['tariffs']['edges'][number]['node'];
export type RouterOption = ResultOf<typeof RouterChoicesQuery>['routers']['edges'][number]['node'];
export type PartnerOption = ResultOf<typeof PartnerChoicesQuery>['partners']['edges'][number]['node'];

/**
 * Tariffs, routers and partners for filters and forms: short lists, loaded whole (page by page)
 * once per session, each only with the permission to read it, and shared by every screen that
 * offers them.
 */
class ReferenceData {
  tariffs = $state<TariffOption[]>([]);
  routers = $state<RouterOption[]>([]);
  partners = $state<PartnerOption[]>([]);
  error = $state<string | null>(null);
  #loading: Promise<void> | null = null;
  #loadedFor: string | null = null;

  /** Loads once per signed-in token; later calls return the same promise. */
  ensure(): Promise<void> {
    const token = session().token;
    if (this.#loading && this.#loadedFor === token) return this.#loading;
    this.#loadedFor = token;
    this.#loading = this.#load();
    return this.#loading;
  }

  /** Loads the lists again after one of them changed (a tariff, router or partner saved), if they were loaded. */
  refresh(): void {
    if (this.#loading) this.#loading = this.#load();
  }

  async #load(): Promise<void> {
    const s = session();
    try {
      const client = api();
      const [tariffs, routers, partners] = await Promise.all([
        s.can('tariffs:read') ? allNodes(async (after) => (await client.request(TariffChoicesQuery, { after })).tariffs) : [],
        s.can('network:read') ? allNodes(async (after) => (await client.request(RouterChoicesQuery, { after })).routers) : [],
        s.can('partners:read') && !s.me?.partner ? allNodes(async (after) => (await client.request(PartnerChoicesQuery, { after })).partners) : [],
      ]);
      this.tariffs = tariffs;
      this.routers = routers;
      this.partners = partners;
      this.error = null;
    } catch (e) {
      this.error = describeError(e);
      this.#loading = null;
    }
  }
}

export const referenceData = new ReferenceData();
