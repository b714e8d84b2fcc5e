/**
 * What every chart shares with the page's theme: chart.js draws on a canvas, which CSS cannot
 * reach, so its colours are read from the theme's custom properties and set again whenever the
 * theme changes.
 */
import type { Chart, ChartType } from 'chart.js';

// Any chart type and data: these functions touch only colours.
type AnyChart = Chart<ChartType, unknown[], unknown>;

/** A CSS colour as is, or a custom property name such as `--accent` read from the current theme. */
export function cssColor(value: string): string {
  if (!value.startsWith('--')) return value;
  return getComputedStyle(document.documentElement).getPropertyValue(value).trim() || '#888';
}

/** Axis labels and the legend in `--text-muted`, grid lines in `--border`, dataset `i` in `colors[i]`. */
export function applyTheme(chart: AnyChart, colors: readonly string[]): void {
  const text = cssColor('--text-muted');
  const grid = cssColor('--border');
  const scales = (chart.options.scales ?? {}) as Record<string, { ticks?: { color?: string }; grid?: { color?: string } }>;
  for (const axis of Object.values(scales)) {
    if (axis.ticks) axis.ticks.color = text;
    if (axis.grid) axis.grid.color = grid;
  }
  chart.data.datasets.forEach((dataset, i) => {
    const color = cssColor(colors[i] ?? '--accent');
    dataset.borderColor = color;
    dataset.backgroundColor = color;
  });
  if (chart.options.plugins?.legend?.labels) chart.options.plugins.legend.labels.color = text;
}

/**
 * Themes `chart` now and again whenever the theme changes: the console's toggle (`data-theme` on
 * the root element) or the system's setting. Returns the function that stops following.
 */
export function followTheme(chart: AnyChart, colors: () => readonly string[]): () => void {
  const retheme = (): void => {
    applyTheme(chart, colors());
    // Not update('none'): in that mode chart.js keeps the element options it shares between
    // bars, so bars would keep the old theme's colours. Charts here have animations off anyway.
    chart.update();
  };
  applyTheme(chart, colors());
  const observer = new MutationObserver(retheme);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', retheme);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', retheme);
  };
}
