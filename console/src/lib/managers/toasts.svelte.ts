import { describeError, isApiError } from '$lib/api/errors';

export type ToastTone = 'ok' | 'error' | 'info';

export interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
}

/**
 * Short notices in a corner: results of actions taken from lists, and unexpected errors. Results
 * that belong to a form are shown in the form instead (next to the field, or as its banner).
 */
export class ToastManager {
  items = $state<Toast[]>([]);
  #next = 1;

  show(tone: ToastTone, message: string, timeoutMs = tone === 'error' ? 10_000 : 5_000): number {
    const id = this.#next++;
    this.items = [...this.items.slice(-3), { id, tone, message }];
    if (timeoutMs > 0) setTimeout(() => this.dismiss(id), timeoutMs);
    return id;
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}

/** The console's toasts (browser only; the console does not render on the server). */
export const toasts = new ToastManager();

/**
 * The one place unexpected errors go: logged for the developer tools, shown as a toast in words.
 * An expired session is not reported: the sign-in page explains it.
 */
export function handleError(error: unknown, context?: string): void {
  if (isApiError(error) && error.kind === 'unauthorized') return;
  if (!isApiError(error)) console.error(context ?? 'unexpected error', error);
  toasts.show('error', context ? `${context}: ${describeError(error)}` : describeError(error));
}
