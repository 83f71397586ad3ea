// Stand-in for the `electron` package in unit tests. Tests that exercise Electron-facing code
// inject fakes explicitly; this stub only guarantees the real package is never loaded.
export const app = {};
export const ipcMain = {};
export const utilityProcess = {};
export default { app, ipcMain, utilityProcess };
