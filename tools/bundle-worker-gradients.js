// Stands in for '@tensorflow/tfjs-layers' in the worker bundle (tools/bundle-worker.mjs): src/engine/tfjs.ts
// imports tfjs-layers only because its Node build registers every tfjs-core gradient. A bundler can load
// tfjs-core's own registration module (which Node's native ESM cannot: extensionless imports).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
