/**
 * Lets `bastionless status` see the tunnels of every running engine on this machine: each engine
 * process keeps `<runtime dir>/engines/<pid>.json` (mode 0600) up to date with its tunnel snapshots
 * and removes it on exit. Stale files (dead pids) are ignored and cleaned by readers.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { TunnelSnapshot } from '../../../shared/model/tunnel.js';

export interface RuntimeRecord {
  readonly pid: number;
  readonly kind: string;
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly tunnels: TunnelSnapshot[];
}

export function runtimeDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env['BASTIONLESS_RUNTIME_DIR'] ??
    (env['XDG_RUNTIME_DIR']
      ? join(env['XDG_RUNTIME_DIR'], 'bastionless')
      : join(tmpdir(), `bastionless-${userInfo().uid}`));
  return join(base, 'engines');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Publishes this process's tunnels; returns `update(tunnels)` and `remove()`. Writes are atomic. */
export function publishRuntime(kind: string, env: NodeJS.ProcessEnv = process.env) {
  const dir = runtimeDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${process.pid}.json`);
  const startedAt = Date.now();
  const update = (tunnels: TunnelSnapshot[]): void => {
    const record: RuntimeRecord = { pid: process.pid, kind, startedAt, updatedAt: Date.now(), tunnels };
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(record), { mode: 0o600 });
    renameSync(tmp, file);
  };
  const remove = (): void => rmSync(file, { force: true });
  update([]);
  return { file, update, remove };
}

export function readRuntimes(env: NodeJS.ProcessEnv = process.env): RuntimeRecord[] {
  const dir = runtimeDir(env);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: RuntimeRecord[] = [];
  for (const name of names) {
    if (!/^\d+\.json$/.test(name)) continue;
    const pid = Number(name.slice(0, -5));
    if (!alive(pid)) {
      rmSync(join(dir, name), { force: true });
      continue;
    }
    try {
      out.push(JSON.parse(readFileSync(join(dir, name), 'utf8')) as RuntimeRecord);
    } catch {
      // being rewritten or corrupt: skip this round
    }
  }
  return out.sort((a, b) => a.pid - b.pid);
}
