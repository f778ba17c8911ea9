/** Versions recorded in every run: the studio, tfjs, Node, and the platform. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '../engine/tfjs.js';

/** The project root: the nearest folder above this file whose package.json is lstm-studio's. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'lstm-studio') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json of lstm-studio not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

let cached: Record<string, string> | null = null;

export function versions(): Record<string, string> {
  if (!cached) {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string };
    cached = { studio: pkg.version, tfjs: tf.version_core, node: process.version, platform: `${process.platform}-${process.arch}` };
  }
  return { ...cached };
}
