/**
 * chart.js, registered once with only the parts the studio uses (tree-shaken; no eval, no injected styles).
 * Long runs are thinned by the decimation plugin (LTTB) at draw time; the stored series stay complete.
 */
import {
  Chart,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
} from 'chart.js';

let registered = false;

export function ensureChartRegistered(): void {
  if (registered) return;
  Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Filler, Legend, Tooltip, Decimation);
  registered = true;
}

export { Chart };
export type LineConfig = ChartConfiguration<'line', { x: number; y: number }[]>;
export type LineDataset = ChartDataset<'line', { x: number; y: number }[]>;
