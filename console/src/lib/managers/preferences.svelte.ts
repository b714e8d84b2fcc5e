import type { ApiClient } from '$lib/api/client.svelte';
import { UpdateMyPreferencesMutation } from '$lib/graphql/auth';
import type { SessionManager } from './session.svelte';

/** The shape the console keeps in `StaffUser.preferences` (free JSON on the server). */
export interface ConsolePreferences {
  /** Chosen columns per list, by the list's key (e.g. `customers`). */
  columns?: Record<string, string[]>;
}

function asPreferences(value: unknown): ConsolePreferences {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ConsolePreferences) : {};
}

/**
 * Per-staff-member console preferences, saved with `updateMyPreferences`. A change shows at once
 * and is saved half a second later (a burst of checkbox clicks is one save); a failed save keeps
 * the choice for this session and reports through `onError`.
 */
export class PreferencesManager {
  #session: SessionManager;
  #api: () => ApiClient;
  #onError: (message: string) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending = $state<ConsolePreferences | null>(null);
  /** The plain object last handed to #save ($state proxies it, so #pending never equals it). */
  #saving: ConsolePreferences | null = null;

  constructor(session: SessionManager, api: () => ApiClient, onError: (message: string) => void) {
    this.#session = session;
    this.#api = api;
    this.#onError = onError;
  }

  get current(): ConsolePreferences {
    return this.#pending ?? asPreferences(this.#session.me?.preferences);
  }

  columns(table: string): string[] | null {
    return this.current.columns?.[table] ?? null;
  }

  setColumns(table: string, columns: string[]): void {
    const next = { ...this.current, columns: { ...this.current.columns, [table]: columns } };
    this.#pending = next;
    this.#saving = next;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#save(next), 500);
  }

  async #save(preferences: ConsolePreferences): Promise<void> {
    try {
      const result = await this.#api().request(UpdateMyPreferencesMutation, { preferences });
      const outcome = result.updateMyPreferences;
      if (outcome.__typename === 'UpdateMyPreferencesSuccess') {
        this.#session.setPreferences(outcome.data.preferences);
        // Unless another change came meanwhile, what the server has is now what is shown.
        if (this.#saving === preferences) this.#pending = null;
      } else {
        this.#onError(`Your column choice was not saved: ${outcome.message}`);
      }
    } catch (error) {
      this.#onError(`Your column choice was not saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
