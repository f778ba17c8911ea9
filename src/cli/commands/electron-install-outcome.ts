/**
 * Why the electron package's installer (node_modules/electron/install.js, which downloads with @electron/get)
 * could not fetch the binary, read from what it printed and how it ended. The installer prints only the failing
 * error's stack ("TypeError: fetch failed" hides the cause), so it is run with NODE_DEBUG=fetch, which makes
 * Node's fetch log every connection error ("… errored - getaddrinfo ENOTFOUND github.com").
 *
 * Classes: `offline` (the name did not resolve, no route), `refused` (an HTTP error status, a refused or reset
 * connection), `timed-out` (a connect timeout, or the time limit of `lstm-studio start`), `other` (anything else,
 * with the error's own first line).
 */

export type InstallFailureKind = 'offline' | 'refused' | 'timed-out' | 'other';

export interface InstallFailure {
  kind: InstallFailureKind;
  /** One clause, to follow "Electron is unavailable (" in the fallback sentence. */
  reason: string;
}

export interface InstallEnd {
  /** Everything the installer wrote (stdout and stderr). */
  output: string;
  /** Its exit code (null when a signal ended it). */
  code: number | null;
  /** True when `start`'s time limit ended it. */
  timedOut: boolean;
  /** The time limit, in seconds (for the message). */
  limitS: number;
  /** The running Node version (for the Node-too-old message). */
  nodeVersion: string;
}

const OFFLINE_CODES = ['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EAI_NONAME'];
const REFUSED_CODES = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'];
const TIMEOUT_CODES = ['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'];

/** The env var that lengthens the time limit (seconds). */
export const DOWNLOAD_TIMEOUT_ENV = 'LSTM_STUDIO_ELECTRON_DOWNLOAD_TIMEOUT';

/** The detail of the first connection error NODE_DEBUG=fetch logged ("getaddrinfo ENOTFOUND github.com"). */
function fetchError(output: string): string | null {
  const m = /errored - (.+)$/m.exec(output);
  return m ? m[1].trim() : null;
}

function withCode(output: string, codes: readonly string[]): string | null {
  const logged = fetchError(output);
  for (const code of codes) {
    if (logged?.includes(code)) return logged;
  }
  for (const code of codes) {
    const m = new RegExp(`[^\\n]*\\b${code}\\b[^\\n]*`).exec(output);
    if (m) return m[0].replace(/^\s*(\w*Error:\s*)?/, '').trim();
  }
  return null;
}

/** The first line of the error the installer died of: the last "Name: message" line that starts a stack. */
function errorLine(output: string): string | null {
  const lines = output.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^\w*(Error|Exception)\b.*:/.test(lines[i]) || (/^\S/.test(lines[i]) && /^\s+at /.test(lines[i + 1] ?? ''))) return lines[i].trim();
  }
  const last = lines.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('FETCH ') && !/^\d{4}-\d\d-\d\dT/.test(l)).pop();
  return last ?? null;
}

export function classifyInstallFailure(end: InstallEnd): InstallFailure {
  const { output } = end;
  if (end.timedOut) {
    return { kind: 'timed-out', reason: `its download did not finish within ${end.limitS} s (${DOWNLOAD_TIMEOUT_ENV}=SECONDS allows longer)` };
  }
  const http = /Response code (\d{3}) \(([^)]*)\) for (\S+)/.exec(output);
  if (http) {
    const host = hostOf(http[3]);
    return { kind: 'refused', reason: `its download was refused: HTTP ${http[1]}${http[2] ? ` ${http[2]}` : ''} from ${host}` };
  }
  const offline = withCode(output, OFFLINE_CODES);
  if (offline) return { kind: 'offline', reason: `it could not be downloaded: this machine seems to be offline (${offline})` };
  const refused = withCode(output, REFUSED_CODES);
  if (refused) return { kind: 'refused', reason: `its download was refused (${refused})` };
  const slow = withCode(output, TIMEOUT_CODES);
  if (slow) return { kind: 'timed-out', reason: `its download timed out (${slow})` };
  if (/ERR_REQUIRE_ESM/.test(output)) {
    return { kind: 'other', reason: `its installer needs Node 22.12 or later (or 20.19+), and this is Node ${end.nodeVersion}` };
  }
  const how = end.code === null ? 'was killed' : `exited with code ${end.code}`;
  const line = errorLine(output);
  return { kind: 'other', reason: `its installer ${how}${line ? ` (${line})` : ''}` };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
