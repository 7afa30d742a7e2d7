/**
 * Sandboxed preload (contextIsolation + sandbox): exposes `window.bastionless` = { call, subscribe }
 * and nothing else. Bundled by build/bundle.mjs into one CommonJS file (dist/preload/preload.cjs),
 * because a sandboxed preload can require only 'electron', not local modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

contextBridge.exposeInMainWorld('bastionless', createBridge(ipcRenderer));
