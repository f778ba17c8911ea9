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
        { platform },
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

const noop = { openRunsFolder: () => undefined, exportRunCsv: () => undefined, about: () => undefined };
const roles = (items: MenuItemConstructorOptions[] | undefined) => (items ?? []).map((i) => i.role ?? i.id ?? i.type);

describe('app menu, per platform', () => {
  it('on macOS: a complete app menu (about, services, hide, hide others, show all, quit) and a Window menu', () => {
    const template = buildMenuTemplate(noop, { platform: 'darwin' });
    expect(template[0].label).toBe('LSTM Studio');
    expect(roles(template[0].submenu as MenuItemConstructorOptions[])).toEqual(['about', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit']);
    expect(template.some((m) => m.role === 'windowMenu')).toBe(true);
    expect(template.some((m) => m.label === 'Help')).toBe(false);
  });

  it('elsewhere: no app menu, File → Quit, a Window menu and Help → About', () => {
    const template = buildMenuTemplate(noop, { platform: 'linux' });
    expect(template.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'windowMenu', 'Help']);
    expect(roles(template[0].submenu as MenuItemConstructorOptions[])).toContain('quit');
  });

  it('offers Toggle Developer Tools only where DevTools are on (never in an installed app)', () => {
    const view = (devTools: boolean) => roles(buildMenuTemplate(noop, { platform: 'linux', devTools }).find((m) => m.label === 'View')!.submenu as MenuItemConstructorOptions[]);
    expect(view(true)).toContain('toggleDevTools');
    expect(view(false)).not.toContain('toggleDevTools');
    expect(view(false)).toContain('reload');
  });
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
