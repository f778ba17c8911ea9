/**
 * Bundles the training child into one CommonJS file, dist/worker/run-worker.cjs (run after `tsc`, from its
 * output). Every training process starts from it, so start-up cost is paid once per run and per comparison
 * cell: as separate ES modules the child spent ~0.6 s of CPU before its first step, mostly Node's CommonJS
 * lexer reading tfjs's Node bundles for ESM named exports (and V8 optimising that lexer), plus loading all of
 * tfjs-layers just for its gradient registrations.
 *
 * In the bundle tfjs comes from its ES module builds (`module` field) with one copy of tfjs-core, and
 * `@tensorflow/tfjs-layers` is replaced by tfjs-core's own gradient registrations (the same gradient code,
 * see bundle-worker-gradients.js). tfjs-node is not bundled (a native addon with its own tfjs-core): runs on
 * the `tensorflow` backend use the unbundled worker (src/host/train/worker-entry.ts).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const input = path.join(root, 'dist/src/host/train/run-worker.js');
const file = path.join(root, 'dist/worker/run-worker.cjs');

rmSync(path.dirname(file), { recursive: true, force: true });
await build({
  input,
  platform: 'node',
  external: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
  resolve: {
    alias: { '@tensorflow/tfjs-layers': path.join(root, 'tools/bundle-worker-gradients.js') },
    mainFields: ['module', 'main'],
  },
  logLevel: 'warn',
  output: { file, format: 'cjs' },
});
