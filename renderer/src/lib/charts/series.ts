/**
 * What a chart draws, independent of chart.js: named series of {x, y} points with a role.
 * - `line`: a main curve (counted in the chart's data-points / data-series attributes)
 * - `faint`: the raw curve drawn thin and translucent behind its smoothed line
 * - `markers`: a main curve of sparse points (evaluations), drawn with point markers
 * - `band-upper` / `band-lower`: mean ± std envelope; the upper fills down to the lower that follows it
 */
import type { XY } from './stats.js';

export type SeriesRole = 'line' | 'faint' | 'markers' | 'band-upper' | 'band-lower';

export interface ChartSeries {
  /** Stable key (variant name, "train-raw"…). */
  key: string;
  label: string;
  /** A CSS colour (resolved from the theme variables). */
  color: string;
  role: SeriesRole;
  points: XY[];
}

export type XMode = 'step' | 'time';

export function isMainSeries(s: ChartSeries): boolean {
  return s.role === 'line' || s.role === 'markers';
}

/** Adds an alpha channel to "#rrggbb" / "rgb(r, g, b)" colours. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const n = parseInt(hex[1], 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^)]+)\)$/i.exec(color.trim());
  if (rgb) {
    const [r, g, b] = rgb[1].split(',').map((p) => p.trim());
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  return color;
}
