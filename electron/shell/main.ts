/**
 * Electron main entry (package.json "main" → dist/electron/shell/main.js). The composition root proper
 * is shellApp.ts; this file only supplies the real engine (electron/engine/api/engine.ts: embedded
 * simulator when no AWS credentials exist) and reports a fatal start-up error.
 *
 * ESM main (package "type": "module"): Electron may emit 'ready' before asynchronous module work
 * finishes (https://www.electronjs.org/docs/latest/tutorial/esm#you-must-use-await-generously-before-the-apps-ready-event,
 * checked 2026-11). startShell's synchronous prefix (single-instance lock, registerSchemesAsPrivileged)
 * runs during this module's evaluation, before 'ready'.
 */
import { app, dialog } from 'electron';
import { createEngine } from '../engine/api/engine.js';
import { startShell } from './shellApp.js';

startShell({
  createEngine: ({ dataDir, env, systemEvents }) =>
    createEngine({ dataDir, env, systemEvents, backend: 'auto' }),
}).catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`bastionless: failed to start: ${message}\n`);
  dialog.showErrorBox('Bastionless could not start', message);
  app.exit(1);
});
