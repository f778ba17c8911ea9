/**
 * The Node version: `engines` asks for at least what installing Electron needs (the electron package and its
 * downloader @electron/get declare it), and the README states both that and the older Node the CLI, browser host
 * and tests run on (CI's).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const engines = (file: string) => (JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as { engines?: { node?: string } }).engines?.node ?? '';

/** The lowest version of a plain ">= X.Y[.Z]" range. */
function minimum(range: string): number[] {
  const m = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(range.trim());
  if (!m) throw new Error(`expected a ">= X.Y[.Z]" range, got "${range}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

const atLeast = (a: number[], b: number[]) => a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] >= b[2];

describe('Node version', () => {
  const ours = minimum(engines('package.json'));

  it("engines asks for at least what Electron's installer declares", () => {
    for (const dep of ['node_modules/electron/package.json', 'node_modules/@electron/get/package.json']) {
      expect(atLeast(ours, minimum(engines(dep))), `${engines('package.json')} vs ${dep}: ${engines(dep)}`).toBe(true);
    }
  });

  it('the lock file agrees with package.json', () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } }> };
    expect(lock.packages[''].engines?.node).toBe(engines('package.json'));
  });

  it('the README states the desktop requirement and the CLI/test one', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const setup = readme.slice(readme.indexOf('## Set-up'), readme.indexOf('## The command line'));
    expect(setup).toContain(`**≥ ${ours[0]}.${ours[1]} for the desktop app**`);
    expect(setup).toMatch(/CLI, the browser host and the tests also run on Node ≥ 20\.19/);
    expect(setup).toContain('EBADENGINE');
  });

  it('the README Packaging section has the AppImage note for Ubuntu 24.04+', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const packaging = readme.slice(readme.indexOf('## Packaging'));
    expect(packaging).toMatch(/AppImage on Ubuntu 24\.04\+/);
    expect(packaging).toContain('kernel.apparmor_restrict_unprivileged_userns=0');
    expect(packaging).toContain('AppArmor profile');
  });
});
