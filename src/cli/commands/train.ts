/** `lstm-studio train`: one run in this process, written to the runs folder. */
import { DatasetError } from '../../engine/data/dataset-error.js';
import { ModelConfigError } from '../../engine/model/model-config.js';
import { executeRun } from '../../host/train/execute-run.js';
import { CommandControl } from '../../host/train/run-control.js';
import type { RunJob } from '../../host/train/run-job.js';
import { CONFIG_HELP, CONFIG_OPTIONS, configFromFlags, parseFlags } from '../args/config-flags.js';
import type { CliIo } from '../cli-io.js';
import { exitCodeFor, openStore, progressPrinter, stopOnSignals, summary } from '../run-output.js';
import { EXIT_OK, UsageError } from '../usage-error.js';

export const HELP = `lstm-studio train [flags]: train one model and save the run.\n${CONFIG_HELP}`;

/** Runs a job in-process with progress and Ctrl-C handling; setup problems (data, config, backend) are usage errors. */
export async function trainJob(job: Omit<RunJob, 'runsDir'>, runsDir: string, json: boolean, io: CliIo): Promise<number> {
  const control = new CommandControl();
  const unhook = stopOnSignals(control, io);
  const printer = progressPrinter(io, json);
  try {
    const record = await executeRun({ ...job, runsDir }, { control, onEvent: printer.onEvent });
    printer.finish();
    io.stdout.write(json ? JSON.stringify({ run: record }) + '\n' : summary(record, runsDir));
    return exitCodeFor(record);
  } catch (e) {
    printer.finish();
    if (e instanceof DatasetError || e instanceof ModelConfigError || /backend "/.test((e as Error).message)) {
      throw new UsageError((e as Error).message);
    }
    throw e;
  } finally {
    unhook();
  }
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, CONFIG_OPTIONS);
  if (values.help) {
    io.stdout.write(HELP + '\n');
    return EXIT_OK;
  }
  const { config, preset } = configFromFlags(values);
  const store = await openStore(values['runs-dir'], io);
  return trainJob({ config, preset }, store.root, Boolean(values.json), io);
}
