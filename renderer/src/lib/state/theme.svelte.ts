/**
 * The system colour scheme (prefers-color-scheme), as reactive state, and the theme's CSS variables
 * resolved for canvas drawing (chart.js cannot read CSS variables itself).
 */
const QUERY = '(prefers-color-scheme: dark)';

export class ThemeState {
  /** True while the system asks for a dark theme. */
  dark = $state(false);

  constructor() {
    if (typeof window !== 'undefined' && typeof window.matchMedia === 'function') {
      const mq = window.matchMedia(QUERY);
      this.dark = mq.matches;
      mq.addEventListener('change', (e) => {
        this.dark = e.matches;
      });
    }
  }

  /** The current value of a theme variable, e.g. `color('--series-1')`. Reads `dark`, so effects re-run on change. */
  color(name: string): string {
    void this.dark;
    if (typeof document === 'undefined') return '#888888';
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888888';
  }

  /** The colour of the i-th variant (4 distinct colours, then they repeat). */
  seriesColor(i: number): string {
    return this.color(`--series-${(i % 4) + 1}`);
  }
}

export const theme = new ThemeState();
