/**
 * The one-sentence reason for a failed Electron download (src/cli/commands/electron-install-outcome.ts), read
 * from what node_modules/electron/install.js really prints under NODE_DEBUG=fetch (captured from @electron/get 5
 * on Node 20: offline, HTTP 403, a refused connection) and from other endings.
 */
import { describe, expect, it } from 'vitest';
import { classifyInstallFailure, type InstallEnd } from '../../src/cli/commands/electron-install-outcome.js';

const STACK = `    at node:internal/deps/undici/undici:14976:13
    at async FetchDownloader.download (file:///app/node_modules/@electron/get/dist/FetchDownloader.js:46:30)
    at async downloadArtifact (file:///app/node_modules/@electron/get/dist/index.js:154:12)`;

const end = (output: string, over: Partial<InstallEnd> = {}): InstallEnd => ({ output, code: 1, timedOut: false, limitS: 300, nodeVersion: 'v20.20.2', ...over });

describe('classifyInstallFailure', () => {
  it('offline: the download host does not resolve', () => {
    const output = `FETCH 13243: connecting to github.com using https:undefined
FETCH 13243: connection to github.com using https:undefined errored - getaddrinfo ENOTFOUND github.com
FETCH 13243: request to GET https://github.com//electron/electron/releases/download/v45.5.0/electron-v45.5.0-linux-x64.zip errored - getaddrinfo ENOTFOUND github.com
TypeError: fetch failed
${STACK}`;
    expect(classifyInstallFailure(end(output))).toEqual({ kind: 'offline', reason: 'it could not be downloaded: this machine seems to be offline (getaddrinfo ENOTFOUND github.com)' });
    expect(classifyInstallFailure(end(output.replace(/ENOTFOUND/g, 'EAI_AGAIN'))).kind).toBe('offline');
    expect(classifyInstallFailure(end('Error: connect ENETUNREACH 140.82.121.4:443\n' + STACK)).kind).toBe('offline');
  });

  it('refused: an HTTP error status, naming the status and the host', () => {
    const output = `FETCH 18231: received response to GET http://127.0.0.1:36715//v45.5.0/electron-v45.5.0-linux-x64.zip - HTTP 403
HTTPError: Response code 403 (Forbidden) for http://127.0.0.1:36715/v45.5.0/electron-v45.5.0-linux-x64.zip
    at FetchDownloader.download (file:///app/node_modules/@electron/get/dist/FetchDownloader.js:48:23)`;
    expect(classifyInstallFailure(end(output))).toEqual({ kind: 'refused', reason: 'its download was refused: HTTP 403 Forbidden from 127.0.0.1:36715' });
  });

  it('refused: a refused or reset connection', () => {
    const output = `FETCH 18469: connection to 127.0.0.1:42969:42969 using http:undefined errored - connect ECONNREFUSED 127.0.0.1:42969
TypeError: fetch failed
${STACK}`;
    expect(classifyInstallFailure(end(output))).toEqual({ kind: 'refused', reason: 'its download was refused (connect ECONNREFUSED 127.0.0.1:42969)' });
    expect(classifyInstallFailure(end('Error: read ECONNRESET\n' + STACK))).toEqual({ kind: 'refused', reason: 'its download was refused (read ECONNRESET)' });
  });

  it('timed out: the time limit of start, or a connect timeout', () => {
    expect(classifyInstallFailure(end('', { timedOut: true, code: null, limitS: 300 }))).toEqual({
      kind: 'timed-out',
      reason: 'its download did not finish within 300 s (LSTM_STUDIO_ELECTRON_DOWNLOAD_TIMEOUT=SECONDS allows longer)',
    });
    const output = 'FETCH 1: connection to github.com using https:undefined errored - Connect Timeout Error (attempted address: github.com:443, timeout: 10000ms) UND_ERR_CONNECT_TIMEOUT\nTypeError: fetch failed\n' + STACK;
    expect(classifyInstallFailure(end(output)).kind).toBe('timed-out');
  });

  it('other: a Node without require(esm), a checksum mismatch, anything else with its first line', () => {
    expect(classifyInstallFailure(end("Error [ERR_REQUIRE_ESM]: require() of ES Module /app/node_modules/@electron/get/dist/index.js from /app/node_modules/electron/install.js not supported.\n" + STACK, { nodeVersion: 'v20.11.0' }))).toEqual({
      kind: 'other',
      reason: 'its installer needs Node 22.12 or later (or 20.19+), and this is Node v20.11.0',
    });
    const sum = 'Error: Generated checksum for "electron-v45.5.0-linux-x64.zip" did not match expected checksum.\n' + STACK;
    expect(classifyInstallFailure(end(sum))).toEqual({ kind: 'other', reason: 'its installer exited with code 1 (Error: Generated checksum for "electron-v45.5.0-linux-x64.zip" did not match expected checksum.)' });
    expect(classifyInstallFailure(end('', { code: null }))).toEqual({ kind: 'other', reason: 'its installer was killed' });
  });
});
