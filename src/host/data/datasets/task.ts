/** `task:NAME`: the seeded, generated token tasks (token-tasks.ts), one listing entry per task. */
import { TOKEN_TASKS, TOKEN_TASK_NAMES, makeTokenTask } from '../../../engine/data/token-tasks.js';
import { parseDatasetSpec } from '../dataset-spec.js';
import type { DatasetModule } from './dataset-module.js';

export const task: DatasetModule = {
  info: {
    spec: 'task:NAME',
    name: 'Token tasks',
    description: `Generated token sequences that isolate one readout pitfall each (${TOKEN_TASK_NAMES.join(', ')}).`,
    source: 'generated (seeded)',
  },
  listed: TOKEN_TASKS.map((t) => ({
    spec: `task:${t.name}`,
    name: t.name,
    description: t.description,
    source: 'generated (seeded, the same every time)',
    licence: 'part of LSTM Studio (MIT)',
  })),
  claims: (spec) => spec.toLowerCase().startsWith('task:'),
  async load(spec) {
    const parsed = parseDatasetSpec(spec);
    if (parsed.kind !== 'task') throw new Error('unreachable: task module got a non-task spec');
    return makeTokenTask(parsed.name);
  },
};
