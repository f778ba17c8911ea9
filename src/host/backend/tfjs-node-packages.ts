/**
 * The optional tfjs-node packages (the `tensorflow` backend) and whether one is installed — resolvable from
 * here, without loading it (it is a native addon that may be absent or fail to load; see backends.ts).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** In order of preference. */
export const NODE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;
export type NodePackage = (typeof NODE_PACKAGES)[number];

export function resolvable(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/** The first installed tfjs-node package, or undefined. */
export function installedNodePackage(): NodePackage | undefined {
  return NODE_PACKAGES.find(resolvable);
}
