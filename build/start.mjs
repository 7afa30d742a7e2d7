#!/usr/bin/env node
// `npm start`: run the product with one command wherever we are.
//   - Electron binary present → `npm run build`, then launch Electron on this app.
//   - Electron binary absent (e.g. offline CI boxes, where it cannot be downloaded) → say so in ONE
//     line and run browser mode instead: build the engine + renderer, then `bastionless ui`, which
//     serves the same renderer from the engine on 127.0.0.1 (simulator backend when no AWS credentials).
// Flags: --browser forces browser mode; --dry-run prints the decision as JSON and exits (tests).
// Everything after the flags is passed to Electron or to `bastionless ui`.
//
// The binary is found without `require('electron')`: electron's index.js tries to download the binary
// when it is missing, which hangs or fails offline. We read what its installer wrote instead:
// node_modules/electron/path.txt names the executable inside node_modules/electron/dist/.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** @returns {{ path: string } | { missing: string }} */
export function findElectronBinary(env = process.env, electronDir = join(ROOT, 'node_modules', 'electron')) {
  const pathFile = join(electronDir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(env.ELECTRON_OVERRIDE_DIST_PATH, name || 'electron');
    return existsSync(p) ? { path: p } : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no ${p}` };
  }
  if (!existsSync(join(electronDir, 'package.json')))
    return { missing: 'the electron package is not installed' };
  if (name === undefined) return { missing: 'the Electron binary was never downloaded' };
  const p = join(electronDir, 'dist', name);
  return existsSync(p) ? { path: p } : { missing: `${p} does not exist` };
}

function npm(args) {
  // Run npm the way we were run (npm_execpath) so Windows needs no shell for npm.cmd.
  const execPath = process.env.npm_execpath;
  const r = execPath
    ? spawnSync(process.execPath, [execPath, ...args], { cwd: ROOT, stdio: 'inherit' })
    : spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
        cwd: ROOT,
        stdio: 'inherit',
        shell: process.platform === 'win32',
      });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function run(command, args, env) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

export function plan(argv, env = process.env, electronDir = undefined) {
  const browserForced = argv.includes('--browser');
  const passThrough = argv.filter((a) => a !== '--browser' && a !== '--dry-run');
  const found = findElectronBinary(env, electronDir);
  if (!browserForced && 'path' in found) {
    return { mode: 'electron', binary: found.path, build: [['run', 'build']], args: [ROOT, ...passThrough] };
  }
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts ?? {};
  const build = [['run', 'build:node']];
  if (scripts['build:renderer']) build.push(['run', 'build:renderer']);
  return {
    mode: 'browser',
    notice: browserForced
      ? 'Browser mode requested (--browser); starting browser mode.'
      : `Electron binary not available here (${found.missing}); starting browser mode instead.`,
    build,
    args: [join(ROOT, 'bin', 'bastionless.js'), 'ui', ...passThrough],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const p = plan(argv, process.env, process.env.BASTIONLESS_ELECTRON_DIR);
  if (p.notice) process.stderr.write(`${p.notice}\n`);
  if (argv.includes('--dry-run')) {
    process.stdout.write(`${JSON.stringify(p)}\n`);
    process.exit(0);
  }
  for (const step of p.build) npm(step);
  if (p.mode === 'electron') {
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE; // would make the binary a plain Node
    run(p.binary, p.args, env);
  } else {
    run(process.execPath, p.args, process.env);
  }
}
