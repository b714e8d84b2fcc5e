import { api, session } from '$lib/api/app.svelte';
import { describeError } from '$lib/api/errors';
import { CustomerFilterOptionsQuery } from '$lib/graphql/customers';
import type { ResultOf } from '$lib/graphql/graphql';

type Options = ResultOf<typeof CustomerFilterOptionsQuery>;
export type TariffOption = NonNullable<Options['tariffs']>['edges'][number]['node'];
export type RouterOption = NonNullable<Options['routers']>['edges'][number]['node'];
export type PartnerOption = NonNullable<Options['partners']>['edges'][number]['node'];

/**
 * Tariffs, routers and partners for filters and forms: small lists, loaded once per session
 * (each only with the permission to read it) and shared by every screen that offers them.
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
      const data = await api().request(CustomerFilterOptionsQuery, {
        withTariffs: s.can('tariffs:read'),
        withRouters: s.can('network:read'),
        withPartners: s.can('partners:read') && !s.me?.partner,
      });
      this.tariffs = data.tariffs?.edges.map((e) => e.node) ?? [];
      this.routers = data.routers?.edges.map((e) => e.node) ?? [];
      this.partners = data.partners?.edges.map((e) => e.node) ?? [];
      this.error = null;
    } catch (e) {
      this.error = describeError(e);
      this.#loading = null;
    }
  }
}

export const referenceData = new ReferenceData();
