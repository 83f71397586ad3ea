// The application menu's template on each platform, packaged and not: its keys come from the
// shared table, bare keys are never registered (never a menu key at all on macOS), development
// items only unpackaged, and each item sends the page the action it names.
import { describe, expect, it } from 'vitest';
import type { AppAction, ThemeChoice } from '../../../src/core/contract';
import { SHORTCUTS, isPageKey, shortcutKeys } from '../../../src/core/shortcuts';
import {
  menuTemplate,
  type MenuContext,
  type MenuTemplateItem as MenuItemConstructorOptions,
} from '../../../src/main/menu';

function context(platform: string, packaged: boolean) {
  const sent: AppAction[] = [];
  const calls: string[] = [];
  const ctx: MenuContext = {
    platform,
    packaged,
    lessons: [
      { id: 'threading', title: 'A thread that prints and sleeps' },
      { id: 'gil', title: 'The GIL' },
    ],
    presentation: false,
    theme: 'system',
    send: (action) => sent.push(action),
    setPresentation: (on) => calls.push(`presentation ${on}`),
    sharing: false,
    setSharing: (on) => calls.push(`share ${on}`),
    setTheme: (theme: ThemeChoice) => calls.push(`theme ${theme}`),
    showAbout: () => calls.push('about'),
  };
  return { ctx, sent, calls };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function byLabel(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  // Items, not menus: the Run menu holds a Run item.
  const found = flatten(items).find(
    (item) => !item.submenu && (item.label === label || item.label?.startsWith(`${label}  (`)),
  );
  if (!found) throw new Error(`no menu item "${label}"`);
  return found;
}

const click = (item: MenuItemConstructorOptions, checked = true): void =>
  (item.click as unknown as (item: { checked: boolean }) => void)({ checked });

describe('application menu', () => {
  it.each(['linux', 'win32'])("on %s: File, Edit, View, Run, Help, with the table's keys", (platform) => {
    const template = menuTemplate(context(platform, true).ctx);
    expect(template.map((menu) => menu.label ?? menu.role)).toEqual(['File', 'Edit', 'View', 'Run', 'help']);
    for (const id of ['openTrace', 'saveTrace', 'exportPicture', 'exportVideo', 'zoomOut', 'zoomReset'] as const) {
      expect(byLabel(template, SHORTCUTS[id].label).accelerator).toBe(shortcutKeys(id, platform)[0]);
    }
    expect(byLabel(template, 'Full screen')).toMatchObject({ role: 'togglefullscreen', accelerator: 'F11' });
    expect(byLabel(template, 'Quit Lanes')).toMatchObject({ role: 'quit', accelerator: 'Ctrl+Q' });
    // Bare keys are shown beside their items but left to the page.
    expect(byLabel(template, 'Run')).toMatchObject({ accelerator: 'R', registerAccelerator: false });
    expect(byLabel(template, 'Presentation mode')).toMatchObject({ accelerator: 'P', registerAccelerator: false });
    expect(byLabel(template, 'Keyboard shortcuts')).toMatchObject({ accelerator: '?', registerAccelerator: false });
    // About is in Help off macOS.
    const help = template.at(-1)!.submenu as MenuItemConstructorOptions[];
    expect(help.map((item) => item.label ?? item.type)).toEqual(['Keyboard shortcuts', 'separator', 'About Lanes']);
  });

  it('registers every chord and no bare key, on every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin']) {
      for (const item of flatten(menuTemplate(context(platform, false).ctx))) {
        if (typeof item.accelerator !== 'string') continue;
        if (isPageKey(item.accelerator)) expect(item.registerAccelerator, `${platform}: ${item.label}`).toBe(false);
      }
    }
  });

  it('on macOS: the app menu holds About and Quit, and bare keys are only written in the label', () => {
    const template = menuTemplate(context('darwin', true).ctx);
    expect(template.map((menu) => menu.label ?? menu.role)).toEqual(['Lanes', 'File', 'Edit', 'View', 'Run', 'help']);
    const appMenu = (template[0]!.submenu as MenuItemConstructorOptions[]).map((item) => item.label ?? item.role);
    expect(appMenu).toContain('About Lanes');
    expect(appMenu.at(-1)).toBe('Quit Lanes');
    const bare = flatten(template).filter(
      (item) => typeof item.accelerator === 'string' && isPageKey(item.accelerator),
    );
    expect(bare).toEqual([]);
    expect(byLabel(template, 'Run').label).toBe('Run  (R)');
    expect(byLabel(template, 'Stop').label).toBe('Stop  (S)');
    expect(byLabel(template, 'Full screen').accelerator).toBe('Ctrl+Cmd+F');
    expect(byLabel(template, 'Quit Lanes').accelerator).toBe('Cmd+Q');
  });

  it('offers reload and developer tools only unpackaged', () => {
    const roles = (packaged: boolean) =>
      flatten(menuTemplate(context('linux', packaged).ctx))
        .map((item) => item.role)
        .filter(Boolean);
    expect(roles(false)).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(roles(true)).not.toContain(role);
  });

  it("keeps the zoom role's second key on a hidden item", () => {
    const zoomIns = flatten(menuTemplate(context('linux', true).ctx)).filter((item) => item.role === 'zoomIn');
    expect(zoomIns.map((item) => [item.accelerator, item.visible ?? true])).toEqual([
      ['CmdOrCtrl+Plus', true],
      ['CmdOrCtrl+=', false],
    ]);
  });

  it("sends each item's action to the page", () => {
    const { ctx, sent, calls } = context('linux', true);
    const template = menuTemplate(ctx);
    for (const label of [
      'Open trace…',
      'Save trace…',
      'Export picture…',
      'Export video…',
      'Run',
      'Stop',
      'The GIL',
      'Keyboard shortcuts',
    ]) {
      click(byLabel(template, label));
    }
    click(byLabel(template, 'Presentation mode'), true);
    click(byLabel(template, 'Light'));
    click(byLabel(template, 'About Lanes'));
    expect(sent).toEqual([
      { kind: 'open-trace' },
      { kind: 'save-trace' },
      { kind: 'export-picture' },
      { kind: 'export-video' },
      { kind: 'run' },
      { kind: 'stop' },
      { kind: 'lesson', lesson: 'gil' },
      { kind: 'shortcuts' },
      { kind: 'presentation', on: true },
      { kind: 'theme', theme: 'light' },
    ]);
    expect(calls).toEqual(['presentation true', 'theme light', 'about']);
  });

  it('shows presentation mode and the theme as they are', () => {
    const { ctx } = context('linux', true);
    const template = menuTemplate({ ...ctx, presentation: true, theme: 'dark' });
    expect(byLabel(template, 'Presentation mode')).toMatchObject({ type: 'checkbox', checked: true });
    expect(['As the system', 'Dark', 'Light'].map((label) => byLabel(template, label).checked)).toEqual([
      false,
      true,
      false,
    ]);
  });

  it('File › Share with class is a checkbox that asks main to start or end sharing, showing whether it is on', () => {
    const { ctx, sent, calls } = context('linux', true);
    const item = byLabel(menuTemplate(ctx), 'Share with class');
    expect(item).toMatchObject({ type: 'checkbox', checked: false });
    click(item, true);
    click(item, false);
    expect(calls).toEqual(['share true', 'share false']);
    // Main tells the page once the server is up (or not): the item itself sends nothing.
    expect(sent).toEqual([]);
    expect(byLabel(menuTemplate({ ...ctx, sharing: true }), 'Share with class').checked).toBe(true);
  });

  it('lists every lesson in the Run menu', () => {
    const run = menuTemplate(context('win32', true).ctx)[3]!.submenu as MenuItemConstructorOptions[];
    expect(run.slice(3).map((item) => item.label)).toEqual(['A thread that prints and sleeps', 'The GIL']);
  });
});
