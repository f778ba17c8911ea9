/**
 * The verdict's "why": what the model config implies about the heads (a backward direction, padding, more
 * layers, or none of these), and — when the comparison has the pairs for it — whether a difference comes from
 * *which step* is read (hidden_last vs output_step: same width, same layer) or from *the extra layers*
 * (hidden_concat vs hidden_last: same step, more layers).
 */
import type { ComparisonAnalysis, PairStats } from '../../contract/comparison-analysis.js';
import { formatPoints } from './format-stats.js';

function findPair(pairs: readonly PairStats[], x: string, y: string): { pair: PairStats; sign: 1 | -1 } | null {
  for (const p of pairs) {
    if (p.a === x && p.b === y) return { pair: p, sign: 1 };
    if (p.a === y && p.b === x) return { pair: p, sign: -1 };
  }
  return null;
}

function configNotes(variants: readonly string[], a: ComparisonAnalysis): string[] {
  const model = a.model;
  if (!model) return [];
  const has = (v: string) => variants.includes(v);
  const notes: string[] = [];
  const hn = ['hidden_last', 'hidden_concat'].filter(has);
  if (model.bidirectional && has('output_step') && hn.length > 0) {
    notes.push(
      'The LSTM reads in both directions: out[:, -1] (output_step) holds the backward direction after it has seen only the last step, ' +
        'while h_n (hidden_last, hidden_concat) holds it after the whole sequence.',
    );
  }
  if (a.padded && has('output_step') && hn.length > 0) {
    notes.push(
      'Sequences here are padded: for a shorter sequence out[:, -1] is a padding step (zeros), while h_n is the state at its last real token.',
    );
  }
  if (model.layers > 1 && has('hidden_concat')) {
    notes.push(
      `hidden_concat also carries the final states of the ${model.layers === 2 ? 'first layer' : `first ${model.layers - 1} layers`}, ` +
        `so it is ${model.layers} times as wide as hidden_last and output_step.`,
    );
  }
  const sameHere = ['output_step', 'hidden_last', 'hidden_concat'].filter(has).length >= 2;
  if (!model.bidirectional && a.padded === false && model.layers === 1 && sameHere) {
    notes.push(
      'With one layer, one direction and no padding, out[:, -1] is h_n: output_step, hidden_concat and hidden_last compute the same thing here. ' +
        'The heads can only differ with padding, a backward direction or more layers.',
    );
  }
  return notes;
}

const usable = (p: PairStats | undefined): p is PairStats => p !== undefined && p.n >= 2 && !p.identical;

/** Separates "which step" from "more layers" when the comparison has both pairs. */
function stepVersusLayers(variants: readonly string[], pairs: readonly PairStats[], layers: number): string | null {
  const step = findPair(pairs, 'hidden_last', 'output_step');
  const extra = findPair(pairs, 'hidden_concat', 'hidden_last');
  if (!step && !extra) {
    const direct = findPair(pairs, 'hidden_concat', 'output_step');
    if (direct && layers > 1 && !variants.includes('hidden_last')) {
      return 'hidden_concat differs from output_step both in which step it reads and in carrying the earlier layers; compare hidden_last too to tell the two apart.';
    }
    return null;
  }
  if (!step || !extra) return null;
  const stepSig = usable(step.pair) && step.pair.significant;
  const extraSig = usable(extra.pair) && extra.pair.significant;
  const stepDiff = step.sign * (step.pair.mean_diff ?? 0);
  const extraDiff = extra.sign * (extra.pair.mean_diff ?? 0);
  if (step.pair.identical && extra.pair.identical) return null;
  if (step.pair.identical) {
    return extraSig
      ? `Here out[:, -1] is the last layer's h_n, so the whole difference comes from the earlier layers' states that hidden_concat adds (${formatPoints(extraDiff, true)} points).`
      : 'Here out[:, -1] is the last layer\'s h_n, and adding the earlier layers\' states (hidden_concat) made no clear difference.';
  }
  if (extra.pair.identical) {
    return stepSig
      ? `With one layer there are no extra layers: the difference comes from which step is read (h_n instead of out[:, -1]: ${formatPoints(stepDiff, true)} points).`
      : null;
  }
  if (!usable(step.pair) || !usable(extra.pair)) return null;
  if (stepSig && !extraSig) {
    return `So the difference comes from which step is read (h_n instead of out[:, -1]: ${formatPoints(stepDiff, true)} points), not from the extra layers: hidden_concat is not clearly better than hidden_last, which is as narrow as output_step.`;
  }
  if (!stepSig && extraSig) {
    return `So the difference comes from the earlier layers' states that hidden_concat adds (${formatPoints(extraDiff, true)} points over hidden_last), not from which step is read.`;
  }
  if (stepSig && extraSig) {
    return `Both matter: reading h_n instead of out[:, -1] changes ${formatPoints(stepDiff, true)} points, and adding the earlier layers' states ${formatPoints(extraDiff, true)} more.`;
  }
  return 'Neither which step is read (hidden_last vs output_step) nor the earlier layers\' states (hidden_concat vs hidden_last) made a clear difference here.';
}

/** The explanation paragraph(s) for the verdict; empty when the config implies nothing worth saying. */
export function mechanismNotes(variants: readonly string[], analysis: ComparisonAnalysis, pairs: readonly PairStats[]): string[] {
  const notes = configNotes(variants, analysis);
  const split = stepVersusLayers(variants, pairs, analysis.model?.layers ?? 1);
  return split === null ? notes : [...notes, split];
}
