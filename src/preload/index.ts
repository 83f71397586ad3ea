// The sandboxed preload: exposes window.lanes to the page — one function per contract command
// and an event feed — and nothing else (never ipcRenderer itself). Runs in the renderer's
// isolated world; built to one CommonJS file, since a sandboxed preload cannot load modules.
// Main's ipc.ts answers the commands; main's events.ts sends the event batches.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  COMMAND_NAMES,
  IPC_EVENTS_CHANNEL,
  PRELOAD_GLOBAL,
  ipcChannel,
  type CommandApi,
  type CommandName,
  type EngineEvent,
  type PreloadApi,
} from '../core/contract';

/** One command: invoke its channel; main validates the sender and the payload. */
function invoker(name: CommandName) {
  // Commands without a payload send null, so main judges every call the same way.
  return (payload?: unknown): Promise<unknown> => ipcRenderer.invoke(ipcChannel(name), payload ?? null);
}

// Derived from COMMAND_NAMES, never restated. The assertion only re-attaches each key's
// signature, which Object.fromEntries cannot express; COMMAND_NAMES covers every key of
// `Commands` (contract.ts checks COMMANDS with `satisfies`), and main's replies are Results.
const commands = Object.fromEntries(COMMAND_NAMES.map((name) => [name, invoker(name)])) as CommandApi;

const api = {
  ...commands,
  onEvents(listener: (events: EngineEvent[]) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onEvents needs a listener function.');
    // Wrapped so the IpcRendererEvent (and its `sender`) never reaches the page; the page gets
    // an unsubscribe that removes exactly this wrapper.
    const wrapper = (_event: IpcRendererEvent, events: EngineEvent[]): void => listener(events);
    ipcRenderer.on(IPC_EVENTS_CHANNEL, wrapper);
    return () => {
      ipcRenderer.removeListener(IPC_EVENTS_CHANNEL, wrapper);
    };
  },
} satisfies PreloadApi;

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, api);
