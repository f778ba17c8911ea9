/**
 * `lstm-studio <command>`: exit 0 on success, 1 when a run fails/diverges or a check mismatches, 2 on bad usage
 * or config (the message names the field and the allowed range). Never a stack trace for user errors.
 */
import { processIo, type CliIo } from './cli-io.js';
import { EXIT_FAILED, EXIT_USAGE, UsageError } from './usage-error.js';

type Command = { run(argv: string[], io: CliIo): Promise<number> };

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  train: { summary: 'train one model and save the run', load: () => import('./commands/train.js') },
  compare: { summary: 'train feature-head variants side by side (parallel processes) with statistics', load: () => import('./commands/compare.js') },
  datasets: { summary: 'list the datasets: source, licence, size, class balance, split (--json)', load: () => import('./commands/datasets.js') },
  shapes: { summary: 'shapes of output, h_n, c_n and every feature; identity checks on real tensors', load: () => import('./commands/shapes.js') },
  parity: { summary: 'check the LSTM against torch.nn.LSTM fixtures (max abs error per tensor)', load: () => import('./commands/parity.js') },
  runs: { summary: 'runs list | show ID | export ID --csv FILE | --state-dict FILE | delete ID', load: () => import('./commands/runs.js') },
  resume: { summary: 'continue a stopped or interrupted run from its last checkpoint', load: () => import('./commands/resume.js') },
  bench: { summary: 'time training steps: the studio LSTM vs tf.layers.lstm, and a comparison', load: () => import('./commands/bench.js') },
  serve: { summary: 'serve the studio in the browser on 127.0.0.1 (token protected)', load: () => import('./commands/serve.js') },
  start: { summary: 'open the studio (Electron; the browser host when Electron is unavailable)', load: () => import('./commands/start.js') },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return (
    'usage: lstm-studio <command> [flags]   (lstm-studio <command> --help for its flags)\n\n' +
    Object.entries(COMMANDS)
      .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
      .join('\n') +
    '\n'
  );
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name ? 0 : EXIT_USAGE;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.stderr.write(`lstm-studio: unknown command "${name}"\n\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await (await cmd.load()).run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`lstm-studio ${name}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    const err = e as Error & { code?: string };
    // Known, typed failures (runs store, datasets) carry a clear message; anything else is a bug worth its stack.
    if (err && typeof err.message === 'string' && (err.name === 'RunStoreError' || err.name === 'DatasetError' || err.code)) {
      io.stderr.write(`lstm-studio ${name}: ${err.message}\n`);
      return err.name === 'DatasetError' || err.code === 'BAD_ID' || err.code === 'NOT_FOUND' ? EXIT_USAGE : EXIT_FAILED;
    }
    io.stderr.write(`lstm-studio ${name}: internal error: ${err?.stack ?? String(e)}\n`);
    return EXIT_FAILED;
  }
}
