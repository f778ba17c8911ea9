/** `lstm-studio datasets [--json]`: every dataset with its source, licence, size, class balance and split. */
import type { DatasetInfo } from '../../contract/datasets.js';
import { describeDatasets } from '../../host/data/datasets/registry.js';
import { parseFlags } from '../args/config-flags.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_OK } from '../usage-error.js';

export const HELP = `lstm-studio datasets [--json]
Lists each dataset spec (for --dataset) with its source, licence, size, class balance, split and, for text
datasets, the tokenisation used unless --tokenize / --vocab-size / --max-len / --truncate say otherwise.`;

function textLine(d: DatasetInfo): string | null {
  const t = d.textDefaults;
  return t ? `${t.tokenize} tokens, vocab ${t.vocabSize} (with <pad>, <unk>), max length ${t.maxLen}, keeps the ${t.truncate}` : null;
}

export function formatDatasets(list: readonly DatasetInfo[]): string {
  return list
    .map((d) => {
      const rows: [string, string | null | undefined][] = [
        ['source', d.source],
        ['licence', d.licence],
        ['size', d.size],
        ['balance', d.balance],
        ['split', d.split],
        ['text', textLine(d)],
      ];
      const lines = rows.filter(([, v]) => v != null && v !== '').map(([k, v]) => `  ${k.padEnd(8)} ${v}`);
      return [`${d.spec}  (${d.name})`, `  ${d.description}`, ...lines].join('\n');
    })
    .join('\n\n') + '\n';
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout.write(HELP + '\n');
    return EXIT_OK;
  }
  const list = describeDatasets();
  io.stdout.write(values.json ? JSON.stringify({ datasets: list }) + '\n' : formatDatasets(list));
  return EXIT_OK;
}
