/**
 * The engine's single entry to tfjs-core: importing tfjs-core alone registers no gradients, so this
 * module registers them once; every engine file imports tf from here.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';

export * from '@tensorflow/tfjs-core';
