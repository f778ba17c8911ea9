/**
 * tfjs backends: `auto` picks `tensorflow` (tfjs-node-gpu or tfjs-node, when they load) → `wasm` → `cpu`.
 * tfjs-node is an optional dependency: its absence (it cannot install offline) never breaks anything.
 * The choice, and whether a GPU is used, is recorded in every run.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BackendChoice } from '../../contract/config.js';
import type { BackendInfo } from '../../contract/run-record.js';
import { kernelHeap } from '../../engine/kernels/wasm-heap.js';
import { lstmImplementation } from '../../engine/lstm/lstm-direction.js';
import { enableWasmRelaxedSimd } from './relaxed-simd.js';
import { installedNodePackage, NODE_PACKAGES, resolvable } from './tfjs-node-packages.js';

const require = createRequire(import.meta.url);

export type BackendName = Exclude<BackendChoice, 'auto'>;

export interface BackendAvailability {
  name: BackendName;
  available: boolean;
  gpu: boolean;
  detail: string;
}

/** Whether an NVIDIA device is visible to this process (for tfjs-node-gpu). */
function gpuVisible(): boolean {
  if (process.env.CUDA_VISIBLE_DEVICES === '-1' || process.env.CUDA_VISIBLE_DEVICES === '') return false;
  return existsSync('/dev/nvidia0') || (process.platform === 'win32' && !!process.env.CUDA_PATH);
}

/** Folder holding the tfjs wasm binaries (overridable for packaged apps: LSTM_STUDIO_WASM_DIR). */
export function wasmDir(): string {
  if (process.env.LSTM_STUDIO_WASM_DIR) return process.env.LSTM_STUDIO_WASM_DIR;
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

/** What this machine offers, without switching backends (the tensorflow entry says "installed"; loading is tried at run time). */
export async function detectBackends(): Promise<BackendAvailability[]> {
  const nodePkg = installedNodePackage();
  const wasmOk = existsSync(path.join(wasmDir(), 'tfjs-backend-wasm.wasm'));
  return [
    {
      name: 'tensorflow',
      available: nodePkg !== undefined,
      gpu: nodePkg === '@tensorflow/tfjs-node-gpu' && gpuVisible(),
      detail: nodePkg ? `${nodePkg} installed` : 'tfjs-node not installed (optional dependency)',
    },
    { name: 'wasm', available: wasmOk, gpu: false, detail: wasmOk ? 'WebAssembly (XNNPACK, SIMD)' : 'wasm binaries not found' },
    { name: 'cpu', available: true, gpu: false, detail: 'plain JavaScript (slowest)' },
  ];
}

async function tryTensorflow(): Promise<BackendInfo | string> {
  const errors: string[] = [];
  for (const pkg of NODE_PACKAGES) {
    if (!resolvable(pkg)) {
      errors.push(`${pkg} not installed`);
      continue;
    }
    try {
      await import(pkg);
      if (await tf.setBackend('tensorflow')) {
        const gpu = pkg === '@tensorflow/tfjs-node-gpu' && gpuVisible();
        return { name: 'tensorflow', gpu, detail: `${pkg}${gpu ? ' (GPU)' : ' (CPU)'}` };
      }
      errors.push(`${pkg} loaded but the tensorflow backend did not initialise`);
    } catch (e) {
      errors.push(`${pkg} failed to load: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return errors.join('; ');
}

async function tryWasm(): Promise<BackendInfo | string> {
  try {
    setWasmPaths(wasmDir() + path.sep);
    if (await tf.setBackend('wasm')) return { name: 'wasm', gpu: false, detail: 'WebAssembly (single thread in Node)' };
    return 'wasm backend did not initialise';
  } catch (e) {
    return `wasm failed: ${(e as Error).message.split('\n')[0]}`;
  }
}

/** Switches tfjs to the chosen backend; an explicit choice that cannot load is an error naming why. */
export async function selectBackend(choice: BackendChoice): Promise<BackendInfo> {
  // Production mode: no debug checks and no "install tfjs-node" banner on stderr.
  tf.enableProdMode();
  enableWasmRelaxedSimd();
  if (tf.getBackend() && choice !== 'auto' && tf.getBackend() === choice) {
    return withLstm({ name: choice, gpu: choice === 'tensorflow' && gpuVisible(), detail: 'already active' });
  }
  const tried: string[] = [];
  const order: BackendName[] = choice === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [choice];
  for (const name of order) {
    const r = name === 'tensorflow' ? await tryTensorflow() : name === 'wasm' ? await tryWasm() : (await tf.setBackend('cpu')) ? cpuInfo() : 'cpu failed';
    if (typeof r !== 'string') {
      await tf.ready();
      return withLstm(tried.length ? { ...r, detail: `${r.detail}; skipped: ${tried.join('; ')}` } : r);
    }
    tried.push(r);
  }
  throw new Error(`backend "${choice}" is not available: ${tried.join('; ')}`);
}

/** Appends how the studio's LSTM runs on the active backend (the WebAssembly kernel, with or without FMA, or tfjs ops). */
function withLstm(info: BackendInfo): BackendInfo {
  const impl = lstmImplementation();
  const lstm = impl === 'kernel' ? `WebAssembly SIMD kernel${kernelHeap()?.fma ? ' with fused multiply-add' : ''}` : 'tfjs ops';
  return { ...info, detail: `${info.detail}; LSTM: ${lstm}` };
}

function cpuInfo(): BackendInfo {
  return { name: 'cpu', gpu: false, detail: 'plain JavaScript' };
}
