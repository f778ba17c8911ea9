/**
 * What to tell the user when Electron is killed by a signal right after it starts. On Linux that is almost
 * always Chromium's sandbox refusing to start (it aborts with SIGTRAP rather than run unsandboxed):
 *
 * - Ubuntu 23.10+ / 24.04 restrict unprivileged user namespaces with AppArmor
 *   (`kernel.apparmor_restrict_unprivileged_userns=1`); an Electron without an AppArmor profile that allows
 *   `userns` cannot build its sandbox. The .deb installs such a profile; the sysctl lifts the restriction;
 *   a root-owned setuid `chrome-sandbox` is Chromium's own fallback (its FATAL message asks for it).
 * - As root, Chromium refuses to run with its sandbox at all.
 *
 * `--no-sandbox` would "fix" both by turning the renderer's sandbox off; the studio never does that.
 */
import { join } from 'node:path';

export const USERNS_SYSCTL = 'kernel.apparmor_restrict_unprivileged_userns';
export const USERNS_SYSCTL_FILE = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns';
export const UBUNTU_USERNS_URL = 'https://ubuntu.com/blog/ubuntu-23-10-restricted-unprivileged-user-namespaces';
export const ELECTRON_USERNS_ISSUE_URL = 'https://github.com/electron/electron/issues/42510';

export interface CrashContext {
  signal: NodeJS.Signals;
  /** The last lines Electron wrote to stderr. */
  stderrTail: string;
  platform: NodeJS.Platform;
  /** The effective uid (null where there is none, Windows). */
  uid: number | null;
  /** Whether the userns sysctl reads 1 (null: no such setting, not Linux or not Ubuntu's kernel). */
  usernsRestricted: boolean | null;
  /** The binary that died (for the chrome-sandbox path). */
  binary: string;
}

export interface CrashAdvice {
  /** One clause, to follow "Electron is unavailable (". */
  reason: string;
  /** What fixes it (null when nothing specific is known). */
  remedy: string | null;
}

const SANDBOX_MESSAGE = /SUID sandbox helper|No usable sandbox|setuid_sandbox|zygote|sandbox/i;

function lastLine(text: string): string | null {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .pop();
  return line ? line.slice(0, 300) : null;
}

export function adviseOnCrash(ctx: CrashContext): CrashAdvice {
  const killed = `it was killed by ${ctx.signal} as it started`;
  if (ctx.platform === 'linux' && (/Running as root without --no-sandbox/.test(ctx.stderrTail) || ctx.uid === 0)) {
    return {
      reason: `${killed}: Chromium does not run as root with its sandbox`,
      remedy: 'run `npm start` as a normal user (the studio does not turn the sandbox off with --no-sandbox).',
    };
  }
  if (ctx.platform === 'linux' && (SANDBOX_MESSAGE.test(ctx.stderrTail) || ctx.usernsRestricted === true)) {
    const sandbox = join(ctx.binary, '..', 'chrome-sandbox');
    return {
      reason: `${killed}: Chromium's sandbox could not start, as on Ubuntu 23.10+ where AppArmor restricts unprivileged user namespaces`,
      remedy:
        'install the studio\'s .deb (`npm run dist`), which ships an AppArmor profile that allows them; ' +
        `or allow them for everyone with \`sudo sysctl -w ${USERNS_SYSCTL}=0\` (add it to /etc/sysctl.d/ to keep it); ` +
        `or make this Electron's sandbox helper setuid root: \`sudo chown root:root ${sandbox} && sudo chmod 4755 ${sandbox}\`. ` +
        `Why: ${UBUNTU_USERNS_URL} and ${ELECTRON_USERNS_ISSUE_URL}. ` +
        'The studio does not start Electron with --no-sandbox, which would turn the renderer\'s sandbox off.',
    };
  }
  const said = lastLine(ctx.stderrTail);
  return { reason: `${killed}${said ? ` (its last message: ${said})` : ''}`, remedy: null };
}
