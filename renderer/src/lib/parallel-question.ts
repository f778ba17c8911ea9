/**
 * Before a new run or comparison starts while others train: the question to ask (null when nothing is live).
 * It says how many are training (here and in other hosts' processes), how many cores the machine has, and
 * whether the new one would start at once or wait in the queue.
 */
import type { ActiveJob, ExternalJob } from '../../../src/contract/api.js';

export interface ParallelQuestion {
  title: string;
  message: string;
  confirmLabel: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function parallelQuestion(
  what: 'run' | 'comparison',
  active: readonly ActiveJob[],
  elsewhere: readonly ExternalJob[],
  machine: { cores: number; maxConcurrentRuns: number } | null,
): ParallelQuestion | null {
  const here = active.filter((a) => a.state !== 'stopping');
  const training = here.filter((a) => a.state !== 'queued');
  const queued = here.length - training.length;
  if (here.length === 0 && elsewhere.length === 0) return null;
  const parts: string[] = [];
  if (training.length) parts.push(`${plural(training.length, 'job is', 'jobs are')} training here`);
  if (queued) parts.push(`${plural(queued, 'run waits', 'runs wait')} in the queue`);
  if (elsewhere.length) parts.push(`${plural(elsewhere.length, 'run is', 'runs are')} training in another studio`);
  const cores = machine ? `This machine has ${plural(machine.cores, 'core', 'cores')}; runs in parallel share them, so each one trains more slowly.` : 'Runs in parallel share the machine\'s cores.';
  const slots = machine
    ? training.length >= machine.maxConcurrentRuns
      ? ` The studio trains ${machine.maxConcurrentRuns} at a time: the new ${what} will wait in the queue.`
      : ` The studio trains up to ${machine.maxConcurrentRuns} at a time.`
    : '';
  const noun = what === 'run' ? 'run' : 'comparison';
  return {
    title: `Start another ${noun} in parallel?`,
    message: `${parts.join(', ')}. ${cores}${slots}`.replace(/^./, (c) => c.toUpperCase()),
    confirmLabel: what === 'run' ? 'Train in parallel' : 'Compare in parallel',
  };
}
