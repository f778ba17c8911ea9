/**
 * Locks every web contents down: no navigation away from the loaded page, no new windows, no <webview>,
 * no redirects; permission requests (camera, notifications, …) are all denied.
 */
import type { Session, WebContents } from 'electron';

type Preventable = { preventDefault(): void };

/** The part of WebContents the guard hooks (a stand-in in tests). */
export interface GuardableContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (e: Preventable, ...rest: unknown[]) => void): unknown;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
}

export function guardWebContents(contents: GuardableContents | WebContents): void {
  const target = contents as GuardableContents;
  target.on('will-navigate', (e) => e.preventDefault());
  target.on('will-redirect', (e) => e.preventDefault());
  target.on('will-attach-webview', (e) => e.preventDefault());
  target.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function denyPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
