import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from '../../electron/menu.js';
import { denyPermissions, guardWebContents, type GuardableContents } from '../../electron/navigation-guard.js';

function findItem(items: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    const sub = Array.isArray(item.submenu) ? findItem(item.submenu, id) : undefined;
    if (sub) return sub;
  }
  return undefined;
}

describe('app menu', () => {
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    it(`offers open runs folder, export and about on ${platform}, wired to the actions`, () => {
      const done: string[] = [];
      const template = buildMenuTemplate(
        { openRunsFolder: () => done.push('open'), exportRunCsv: () => done.push('export'), about: () => done.push('about') },
        platform,
      );
      for (const id of ['open-runs-folder', 'export-csv', 'about']) {
        const item = findItem(template, id);
        expect(item, id).toBeDefined();
        (item!.click as () => void)();
      }
      expect(done).toEqual(['open', 'export', 'about']);
    });
  }
});

describe('navigation guard', () => {
  it('prevents navigation, redirects and webviews, and denies new windows', () => {
    const handlers = new Map<string, (e: { preventDefault(): void }) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const contents: GuardableContents = {
      on: (event, listener) => handlers.set(event, listener),
      setWindowOpenHandler: (h) => {
        openHandler = h;
      },
    };
    guardWebContents(contents);
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      handlers.get(event)!({ preventDefault: () => (prevented = true) });
      expect(prevented, event).toBe(true);
    }
    expect(openHandler!()).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    let request: ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    denyPermissions({
      setPermissionRequestHandler: (h: unknown) => void (request = h as typeof request),
      setPermissionCheckHandler: (h: unknown) => void (check = h as typeof check),
    } as unknown as Parameters<typeof denyPermissions>[0]);
    const answers: boolean[] = [];
    request!(null, 'media', (ok) => answers.push(ok));
    request!(null, 'notifications', (ok) => answers.push(ok));
    expect(answers).toEqual([false, false]);
    expect(check!()).toBe(false);
  });
});
