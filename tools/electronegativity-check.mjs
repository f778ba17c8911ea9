#!/usr/bin/env node
// Runs Doyensec's electronegativity over the compiled Electron main/preload (dist/electron, preload.cjs included) and
// the built renderer (renderer/dist) together, and fails on ANY finding or parse error (electronegativity itself
// exits 0 on findings, so its SARIF report is read). Run after `npm run build`. Optional arguments
// `[electronDir rendererDir]` scan other folders (used to check that this check fails on insecure code).
//
// Exclusions, each narrow:
// - PRELOAD_JS_CHECK ("review the use of preload scripts") flags every preload by design; ours is the narrow
//   contextBridge API whose exact surface test/electron/preload.test.ts asserts.
// - AvailableSecurityFixesGlobalCheck only reports on an Electron version read from a package.json in the scanned
//   folder (ELECTRON_VERSION_JSON_CHECK); the scanned copy holds none, so it cannot report here. It first fetches
//   Electron's release list from GitHub with no timeout, which could hang an offline CI.
// One finding is accepted, exactly: CSP_GLOBAL_CHECK's "maybe weak" verdict on the built index.html's own meta
// policy, which csp-evaluator gives to every `script-src 'self'` ("'self' can be problematic if you host JSONP,
// Angular or user uploaded files"). The studio's origin serves only the built renderer: no JSONP, no Angular, no
// uploads (test/host/web/csp.test.ts pins that policy to the hosts' header; the finding must sit on its line). Any other CSP finding still fails.
//
// Offline: the translation fetch has its own 1 s timeout and its notice is ignored; TMPDIR points into the work
// folder so nothing the tool caches lands in the shared temp folder; the run is time-limited.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const [electronDir, rendererDir] = [
  path.resolve(process.argv[2] ?? path.join(root, 'dist', 'electron')),
  path.resolve(process.argv[3] ?? path.join(root, 'renderer', 'dist')),
];
for (const [dir, must] of [[electronDir, 'preload.cjs'], [electronDir, 'main.js'], [rendererDir, 'index.html']]) {
  if (!existsSync(path.join(dir, must))) {
    console.error(`electronegativity-check: ${path.join(dir, must)} is missing; run npm run build first`);
    process.exit(2);
  }
}

const builtIndex = readFileSync(path.join(rendererDir, 'index.html'), 'utf8').split('\n');
/** 1-based line of the built index.html's meta CSP (the one finding accepted, see above). */
const metaCspLine = builtIndex.findIndex((l) => /<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self';[^"]*"/.test(l) && !/unsafe/.test(l)) + 1;

const work = mkdtempSync(path.join(tmpdir(), 'eneg-'));
let status = 0;
try {
  cpSync(electronDir, path.join(work, 'app', 'electron'), { recursive: true });
  cpSync(rendererDir, path.join(work, 'app', 'renderer'), { recursive: true });
  // SARIF, not CSV: electronegativity 1.10 writes the CSV header and rows with two racing async writes, which can garble it.
  const out = path.join(work, 'findings.sarif');
  const bin = path.join(root, 'node_modules', '.bin', 'electronegativity');
  const r = spawnSync(bin, ['-i', path.join(work, 'app'), '-o', out, '-r', '-e', electronVersion, '-x', 'PreloadJSCheck,AvailableSecurityFixesGlobalCheck', '-v', 'false'], {
    encoding: 'utf8',
    timeout: 5 * 60_000,
    env: { ...process.env, TMPDIR: work, TEMP: work, TMP: work },
  });
  const log = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  if (r.status !== 0 || !existsSync(out)) {
    console.error(`electronegativity failed to run (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${log}`);
    process.exit(1);
  }
  const noise = /^(Could not retrieve updated translations[^\n]*|Something went wrong while fetching Electron's releases[^\n]*)$/gm;
  if (/error|could not parse|unable to parse|failed/i.test(log.replace(noise, ''))) {
    console.error(`electronegativity reported errors:\n${log}`);
    process.exit(1);
  }
  let findings;
  try {
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    if (!Array.isArray(sarif.runs) || sarif.runs.length !== 1 || !Array.isArray(sarif.runs[0].results)) throw new Error('no runs[0].results');
    findings = sarif.runs[0].results.map((r) => {
      const loc = r.locations?.[0]?.physicalLocation;
      return { issue: String(r.ruleId), level: String(r.level), file: String(loc?.artifactLocation?.uri ?? 'N/A'), line: Number(loc?.region?.startLine ?? 0), column: Number(loc?.region?.startColumn ?? 0), description: String(r.message?.text ?? '') };
    });
  } catch (err) {
    console.error(`electronegativity-check: cannot read the SARIF report ${out}: ${err.message}`);
    process.exit(1);
  }
  const isAccepted = (f) =>
    f.issue === 'CSP_GLOBAL_CHECK' && f.level === 'note' && f.file === 'renderer/index.html' && metaCspLine > 0 && f.line === metaCspLine &&
    f.description === 'One or more CSP directives detected seems to be vulnerable';
  for (const f of findings.filter(isAccepted)) console.log(`accepted: ${f.issue} ${f.file}:${f.line} (script-src 'self' on an origin that serves only the built app)`);
  const rest = findings.filter((f) => !isAccepted(f));
  for (const f of rest) console.error(`${f.issue} [${f.level}] ${f.file}:${f.line}:${f.column}: ${f.description} (https://github.com/doyensec/electronegativity/wiki/${f.issue})`);
  if (rest.length > 0) {
    console.error(`electronegativity: ${rest.length} finding(s)`);
    status = 1;
  } else console.log(`electronegativity: 0 findings (Electron ${electronVersion}; main, preload and renderer scanned)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(status);
