import { browser } from '$app/environment';

export type Theme = 'light' | 'dark';

/** localStorage key; app.html reads the same key before first paint to avoid a flash. */
export const THEME_STORAGE_KEY = 'backhaul-console-theme';

/**
 * The colour theme: the system's (prefers-color-scheme) unless the person chose otherwise.
 * Choosing the system's own theme clears the stored choice, so the console follows the system again.
 * `ready` stays false during server rendering and hydration, so markup that depends on the theme
 * matches on both sides.
 */
export class ThemeManager {
  system = $state<Theme>('light');
  choice = $state<Theme | null>(null);
  ready = $state(false);
  effective: Theme = $derived(this.choice ?? this.system);

  /** Starts following the system setting; returns the function that stops it. */
  start(): () => void {
    if (!browser) return () => {};
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const update = (): void => {
      this.system = query.matches ? 'dark' : 'light';
    };
    update();
    const stored = readStored();
    this.choice = stored === this.system ? null : stored;
    this.ready = true;
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }

  toggle(): void {
    this.set(this.effective === 'dark' ? 'light' : 'dark');
  }

  set(theme: Theme): void {
    this.choice = theme === this.system ? null : theme;
    const root = document.documentElement;
    try {
      if (this.choice === null) localStorage.removeItem(THEME_STORAGE_KEY);
      else localStorage.setItem(THEME_STORAGE_KEY, this.choice);
    } catch {
      // Storage can be unavailable (private mode, policy); the choice then lasts for this page only.
    }
    if (this.choice === null) delete root.dataset['theme'];
    else root.dataset['theme'] = this.choice;
  }
}

function readStored(): Theme | null {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}
