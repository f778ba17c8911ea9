#!/usr/bin/env node
// Entry point of the `lstm-studio` command: runs the compiled CLI (npm run build makes dist/).
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`lstm-studio: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  },
);
