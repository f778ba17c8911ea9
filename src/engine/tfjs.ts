/**
 * The engine's single entry to tfjs-core. tfjs-core alone registers no gradients, and its ESM gradient
 * module cannot load under Node's native ESM (extensionless imports); tfjs-layers' Node bundle registers
 * every gradient into tfjs-core's global registry, so importing it once here makes autodiff complete.
 * The gather gradient is then replaced by one every backend can run (see gather-gradient.ts).
 * Every engine file imports tf from here. (The bundled training worker, tools/bundle-worker.mjs, loads tfjs-core's
 * own gradient registrations in place of tfjs-layers: a bundler resolves those imports.)
 */
import '@tensorflow/tfjs-layers';
import { registerGatherGradient } from './gather-gradient.js';

registerGatherGradient();

export * from '@tensorflow/tfjs-core';
