// The sandboxed preload: exposes window.lanes to the page — one function per contract command,
// the event feed, the desktop's file commands and the menu's actions — and nothing else (never
// ipcRenderer itself). Runs in the renderer's isolated world; built to one CommonJS file, since a
// sandboxed preload cannot load modules. Main's ipc.ts and desktop-ipc.ts answer the commands;
// main's events.ts sends the event batches and index.ts the menu's actions.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  COMMAND_NAMES,
  DESKTOP_COMMAND_NAMES,
  IPC_ACTIONS_CHANNEL,
  IPC_EVENTS_CHANNEL,
  PRELOAD_GLOBAL,
  ipcChannel,
  type AppAction,
  type CommandApi,
  type CommandName,
  type DesktopApi,
  type DesktopCommandName,
  type EngineEvent,
  type PreloadApi,
} from '../core/contract';

/** One command: invoke its channel; main validates the sender and the payload. */
function invoker(name: CommandName | DesktopCommandName) {
  // Commands without a payload send null, so main judges every call the same way.
  return (payload?: unknown): Promise<unknown> => ipcRenderer.invoke(ipcChannel(name), payload ?? null);
}

/**
 * A feed from main on `channel`. Wrapped so the IpcRendererEvent (and its `sender`) never
 * reaches the page; the page gets an unsubscribe that removes exactly this wrapper.
 */
function feed<T>(channel: string) {
  return (listener: (value: T) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('A listener function is needed.');
    const wrapper = (_event: IpcRendererEvent, value: T): void => listener(value);
    ipcRenderer.on(channel, wrapper);
    return () => {
      ipcRenderer.removeListener(channel, wrapper);
    };
  };
}

// Derived from COMMAND_NAMES and DESKTOP_COMMAND_NAMES, never restated. The assertions only
// re-attach each key's signature, which Object.fromEntries cannot express; the name lists cover
// every key (contract.ts checks both tables with `satisfies`), and main's replies are Results.
const commands = Object.fromEntries(COMMAND_NAMES.map((name) => [name, invoker(name)])) as CommandApi;
const desktop = Object.fromEntries(DESKTOP_COMMAND_NAMES.map((name) => [name, invoker(name)])) as Omit<
  DesktopApi,
  'onAction'
>;

const api = {
  ...commands,
  ...desktop,
  onEvents: feed<EngineEvent[]>(IPC_EVENTS_CHANNEL),
  onAction: feed<AppAction>(IPC_ACTIONS_CHANNEL),
} satisfies PreloadApi;

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, api);
