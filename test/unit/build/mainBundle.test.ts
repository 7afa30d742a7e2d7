/**
 * The compiled main process (dist/electron/shell/main.js, package.json "main") loads as real ESM under
 * plain Node with a stub 'electron': every import in the built graph resolves (shell → shared,
 * build/csp, engine) and the start-up path runs. Here the stub denies the single-instance lock, so the
 * app must quit at once without loading the engine. dist/ comes from `tsc -b` (npm ci / typecheck).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = join(process.cwd(), 'dist/electron/shell/main.js');

// Every named export main.js and its imports take from 'electron'; a missing one is a link error.
const STUB = `
const log = (m) => process.stdout.write(m + '\\n');
export const app = {
  requestSingleInstanceLock: () => { log('LOCK'); return false; },
  quit: () => log('QUIT'),
  exit: (c) => { log('EXIT ' + c); process.exit(c); },
  whenReady: () => new Promise(() => {}),
};
export const dialog = { showErrorBox: (t, m) => log('ERROR ' + m) };
export const BrowserWindow = class {};
export const Tray = class {};
export const Notification = class {};
export const Menu = {};
export const clipboard = {};
export const ipcMain = {};
export const protocol = { registerSchemesAsPrivileged: () => log('SCHEME') };
export const session = {};
export const powerMonitor = {};
export const shell = {};
export const contextBridge = {};
export const ipcRenderer = {};
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bl-main-'));
  await writeFile(
    join(dir, 'hooks.mjs'),
    `export async function resolve(s, c, next) {
  if (s === 'electron') return { url: 'data:text/javascript,' + encodeURIComponent(${JSON.stringify(STUB)}), shortCircuit: true };
  return next(s, c);
}\n`,
  );
  await writeFile(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('built main process', () => {
  it('loads under Node with a stub electron and quits when another instance holds the lock', async () => {
    expect(existsSync(MAIN), 'dist/electron/shell/main.js missing: run `npm run build:node`').toBe(true);
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', pathToFileURL(join(dir, 'register.mjs')).href, MAIN],
      { timeout: 15_000 },
    );
    expect(stderr).toBe('');
    expect(stdout.split('\n').filter(Boolean)).toEqual(['LOCK', 'QUIT']);
  });
});
