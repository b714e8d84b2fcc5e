import { describeError } from '$lib/api/errors';
import { handleError } from './toasts.svelte';

/**
 * Data a component loads itself and refreshes when told (a subscription event, a reconnect):
 * loading, data and error as state. Refreshes never overlap; one asked for while another runs
 * happens right after it, so a burst of events costs at most two requests.
 */
export class Loadable<T> {
  data = $state<T | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);

  #load: () => Promise<T>;
  #running: Promise<void> | null = null;
  #again = false;

  constructor(load: () => Promise<T>) {
    this.#load = load;
  }

  refresh(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#run().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        void this.refresh();
      }
    });
    return this.#running;
  }

  async #run(): Promise<void> {
    this.loading = true;
    try {
      this.data = await this.#load();
      this.error = null;
    } catch (error) {
      // With data already shown, keep it and say so in a toast; without, the error takes its place.
      if (this.data !== null) handleError(error, 'Could not refresh');
      else this.error = describeError(error);
    } finally {
      this.loading = false;
    }
  }
}
