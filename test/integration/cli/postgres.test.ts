/**
 * Engine issue, must-show: a real PostgreSQL server (Debian package) on a loopback port, reached
 * through `bastionless forward` with the `pg` client: create a table, insert 10,000 rows, read them
 * back. initdb refuses to run as root, so as root the server runs as `postgres` in a temp dir it owns.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';
import { buildNode, cliEnv, runCli, tempDir, type CliRun } from './forwardCli.js';

function pgBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const v = versions.find((x) => existsSync(join(base, x, 'bin', 'initdb')));
  if (v === undefined)
    throw new Error(
      'PostgreSQL binaries not found in /usr/lib/postgresql/*/bin: run `bash build/setup-system.sh`',
    );
  return join(base, v, 'bin');
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const isRoot = process.getuid?.() === 0;

/** As root, PostgreSQL runs as `postgres` (spawned with its uid/gid, so signals reach it directly). */
function pgUser(): { uid: number; gid: number } | Record<string, never> {
  if (!isRoot) return {};
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  };
}

let sim: Simulator;
let dir: string;
let pgPort: number;
let postgres: ChildProcess | undefined;
let forward: CliRun | undefined;

beforeAll(async () => {
  buildNode();
  const bin = pgBinDir();
  dir = tempDir('bastionless-pg-');
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  const user = pgUser();
  if ('uid' in user) chownSync(dir, user.uid, user.gid);
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'tester', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
    stdio: 'ignore',
    cwd: dir,
    env,
    ...user,
  });
  pgPort = await freePort();
  postgres = spawn(
    join(bin, 'postgres'),
    ['-D', data, '-h', '127.0.0.1', '-p', String(pgPort), '-k', dir, '-c', 'fsync=off'],
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir, env, ...user },
  );
  // Ready when it says so (no polling sleeps).
  await new Promise<void>((resolve, reject) => {
    let log = '';
    postgres!.stderr!.setEncoding('utf8');
    postgres!.stderr!.on('data', (d: string) => {
      log += d;
      if (log.includes('ready to accept connections')) resolve();
    });
    postgres!.once('exit', (code) => reject(new Error(`postgres exited ${code}: ${log}`)));
  });
  sim = await startSimulator();
}, 120_000);

afterAll(async () => {
  if (forward && forward.child.exitCode === null) forward.child.kill('SIGKILL');
  if (postgres && postgres.exitCode === null) {
    const exited = new Promise<void>((r) => postgres!.once('exit', () => r()));
    postgres.kill('SIGINT'); // fast shutdown
    await exited;
  }
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('PostgreSQL through bastionless forward', () => {
  it('creates a table, inserts 10,000 rows and reads them back', async () => {
    const runtimeDir = tempDir('bastionless-pgrt-');
    forward = runCli(
      ['forward', '--target', 'i-0123456789abcdef0', '--remote-port', String(pgPort), '--json'],
      cliEnv(sim.endpoint, runtimeDir),
    );
    const listening = JSON.parse(await forward.waitLine(() => true)) as { event: string; port: number };
    expect(listening.event).toBe('listening');
    await forward.waitLine((l) => l.includes('"event":"ready"'));

    const t0 = performance.now();
    const client = new pg.Client({
      host: '127.0.0.1',
      port: listening.port,
      user: 'tester',
      database: 'postgres',
    });
    await client.connect();
    try {
      await client.query(
        'CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, qty integer NOT NULL)',
      );
      // 10,000 rows in batches of 1,000 multi-row INSERTs.
      for (let b = 0; b < 10; b++) {
        const values: string[] = [];
        const params: (number | string)[] = [];
        for (let i = 0; i < 1000; i++) {
          const id = b * 1000 + i;
          params.push(id, `item-${id}`, id * 7);
          values.push(`($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`);
        }
        await client.query(`INSERT INTO items (id, name, qty) VALUES ${values.join(',')}`, params);
      }
      const rows = (
        await client.query<{ id: number; name: string; qty: number }>(
          'SELECT id, name, qty FROM items ORDER BY id',
        )
      ).rows;
      expect(rows).toHaveLength(10_000);
      for (let i = 0; i < rows.length; i++) expect(rows[i]).toEqual({ id: i, name: `item-${i}`, qty: i * 7 });
      const sum = (await client.query<{ s: string }>('SELECT sum(qty)::text AS s FROM items')).rows[0]!.s;
      expect(sum).toBe(String((7 * 9999 * 10000) / 2));
    } finally {
      await client.end();
    }
    console.log(
      `[cli] PostgreSQL: 10,000 rows written and read back through the tunnel in ${(performance.now() - t0).toFixed(0)} ms`,
    );
    forward.child.kill('SIGTERM');
    expect(await forward.exit).toBe(0);
    rmSync(runtimeDir, { recursive: true, force: true });
  }, 120_000);
});
