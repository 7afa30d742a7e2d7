#!/usr/bin/env node
// Bundles the sandboxed preload (electron/shell/preload.ts + the contract tables it checks names
// against) into ONE CommonJS file: a sandboxed preload may `require('electron')` and nothing else, so
// local modules must be inlined (https://www.electronjs.org/docs/latest/tutorial/sandbox#preload-scripts).
// The main process needs no bundle: it is the tsc output (dist/electron/shell/main.js, package.json "main").
//
//   node build/bundle.mjs              → dist/preload/preload.cjs
//   node build/bundle.mjs --out DIR    → DIR/preload.cjs (test/unit/build checks the real bundle this way)
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PRELOAD_ENTRY = 'electron/shell/preload.ts';
export const PRELOAD_FILE = 'preload.cjs';

/** @param {{ outDir?: string }} [options] @returns {Promise<string>} the bundle's path */
export async function bundlePreload(options = {}) {
  const outDir = options.outDir ?? `${ROOT}dist/preload`;
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      // Electron 45 ships Chromium 140; the preload runs there.
      target: 'chrome140',
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      lib: { entry: `${ROOT}${PRELOAD_ENTRY}`, formats: ['cjs'], fileName: () => PRELOAD_FILE },
      rolldownOptions: { external: ['electron'] },
    },
  });
  return `${outDir}/${PRELOAD_FILE}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const at = process.argv.indexOf('--out');
  const file = await bundlePreload(at > 0 && process.argv[at + 1] ? { outDir: process.argv[at + 1] } : {});
  process.stdout.write(`preload bundled: ${file} (${Date.now() - started} ms)\n`);
}
