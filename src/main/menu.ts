// The application menu: File, Edit, View, Run, Help (and the app menu on macOS). Its keys come
// from core/shortcuts.ts, the table the page's own keys come from; each item the page acts on is
// sent to it as an AppAction. Runs in Electron main; pure (a template), index.ts builds the Menu.

import type { MenuItemConstructorOptions } from 'electron';
import { THEMES, type AppAction, type ThemeChoice } from '../core/contract';
import { SHORTCUTS, isPageKey, shortcutKeys, type ShortcutId } from '../core/shortcuts';

/** One item of the template (Electron's MenuItemConstructorOptions). */
export type MenuTemplateItem = MenuItemConstructorOptions;

export interface MenuContext {
  platform: string;
  /** A packaged app has no reload or developer tools items. */
  packaged: boolean;
  lessons: readonly { id: string; title: string }[];
  presentation: boolean;
  theme: ThemeChoice;
  /** Sends an action to the page. */
  send(action: AppAction): void;
  /** Presentation mode was switched from the menu. */
  setPresentation(on: boolean): void;
  /** Whether the class follows along now (File › Share with class). */
  sharing: boolean;
  /** Share with class was switched from the menu (main starts or ends the viewers' server). */
  setSharing(on: boolean): void;
  setTheme(theme: ThemeChoice): void;
  showAbout(): void;
}

/** The File menu's item that lets a class follow along (as `lanes web --share` does). */
export const SHARE_LABEL = 'Share with class';

const THEME_LABELS: Record<ThemeChoice, string> = { system: 'As the system', dark: 'Dark', light: 'Light' };

/**
 * The accelerator part of an item for a shortcut. A page key (R, S, P, ?) is shown but never
 * registered: the page handles it, and only outside text fields (see core/shortcuts.ts). Linux
 * and Windows can show an unregistered accelerator; macOS cannot, so there it goes in the label.
 */
export function keyed(
  id: ShortcutId,
  platform: string,
): Pick<MenuItemConstructorOptions, 'label' | 'accelerator' | 'registerAccelerator'> {
  const { label } = SHORTCUTS[id];
  const [first] = shortcutKeys(id, platform);
  if (first === undefined) return { label };
  if (!isPageKey(first)) return { label, accelerator: first };
  if (platform === 'darwin') return { label: `${label}  (${first === 'Escape' ? 'Esc' : first})` };
  return { label, accelerator: first, registerAccelerator: false };
}

/**
 * Hidden items for a chord's other keys (Ctrl+= beside Ctrl+Plus, which needs Shift on most
 * keyboards): a hidden item's accelerator still works, and the menu shows one key per item.
 */
function alternates(id: ShortcutId, platform: string, item: MenuItemConstructorOptions): MenuItemConstructorOptions[] {
  return shortcutKeys(id, platform)
    .slice(1)
    .filter((key) => !isPageKey(key))
    .map((key) => ({ ...item, accelerator: key, visible: false }));
}

/** An item that sends `action` to the page. */
function sender(id: ShortcutId, context: MenuContext, action: AppAction): MenuItemConstructorOptions {
  return { ...keyed(id, context.platform), click: () => context.send(action) };
}

/** The whole menu bar for `context.platform`, as a template for Menu.buildFromTemplate. */
export function menuTemplate(context: MenuContext): MenuItemConstructorOptions[] {
  const mac = context.platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: 'About Lanes', click: () => context.showAbout() };
  const quit: MenuItemConstructorOptions = { ...keyed('quit', context.platform), role: 'quit' };

  const appMenu: MenuItemConstructorOptions = {
    label: 'Lanes',
    submenu: [
      about,
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      quit,
    ],
  };

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      sender('openTrace', context, { kind: 'open-trace' }),
      sender('saveTrace', context, { kind: 'save-trace' }),
      { type: 'separator' },
      sender('exportPicture', context, { kind: 'export-picture' }),
      sender('exportVideo', context, { kind: 'export-video' }),
      { type: 'separator' },
      {
        label: SHARE_LABEL,
        type: 'checkbox',
        checked: context.sharing,
        click: (item) => context.setSharing(item.checked),
      },
      { type: 'separator' },
      mac ? { role: 'close' } : quit,
    ],
  };

  // The standard roles, for the code editor and the number fields.
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  };

  const development: MenuItemConstructorOptions[] = context.packaged
    ? []
    : [{ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }];

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      {
        ...keyed('presentation', context.platform),
        type: 'checkbox',
        checked: context.presentation,
        click: (item) => {
          context.setPresentation(item.checked);
          context.send({ kind: 'presentation', on: item.checked });
        },
      },
      { ...keyed('fullScreen', context.platform), role: 'togglefullscreen' },
      { type: 'separator' },
      { ...keyed('zoomIn', context.platform), role: 'zoomIn' },
      ...alternates('zoomIn', context.platform, { role: 'zoomIn' }),
      { ...keyed('zoomOut', context.platform), role: 'zoomOut' },
      { ...keyed('zoomReset', context.platform), role: 'resetZoom' },
      { type: 'separator' },
      {
        label: 'Theme',
        submenu: THEMES.map((theme) => ({
          label: THEME_LABELS[theme],
          type: 'radio' as const,
          checked: context.theme === theme,
          click: () => {
            context.setTheme(theme);
            context.send({ kind: 'theme', theme });
          },
        })),
      },
      ...development,
    ],
  };

  const run: MenuItemConstructorOptions = {
    label: 'Run',
    submenu: [
      sender('run', context, { kind: 'run' }),
      sender('stop', context, { kind: 'stop' }),
      { type: 'separator' },
      ...context.lessons.map((lesson) => ({
        label: lesson.title,
        click: () => context.send({ kind: 'lesson', lesson: lesson.id }),
      })),
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      sender('shortcuts', context, { kind: 'shortcuts' }),
      ...(mac ? [] : [{ type: 'separator' as const }, about]),
    ],
  };

  return [...(mac ? [appMenu] : []), file, edit, view, run, help];
}
