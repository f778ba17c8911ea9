/**
 * The engine's single entry to tfjs-core. tfjs-core alone registers no gradients, and its ESM gradient
 * module cannot load under Node's native ESM (extensionless imports); tfjs-layers' Node bundle registers
 * every gradient into tfjs-core's global registry, so importing it once here makes autodiff complete.
 * Every engine file imports tf from here.
 */
import '@tensorflow/tfjs-layers';

export * from '@tensorflow/tfjs-core';
