import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as profiles } from '../../../../electron/cli/commands/profiles.js';
import { run, runUntil } from '../../../../electron/cli/commands/up.js';
import { startSimulator, type Simulator } from '../../../../electron/simulator/simulator.js';

let sim: Simulator;
let home: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  sim = await startSimulator();
  home = mkdtempSync(join(tmpdir(), 'bl-cli-up-'));
  env = { HOME: home, BASTIONLESS_HOME: home, BASTIONLESS_RUNTIME_DIR: join(home, 'run') };
});
afterAll(async () => {
  await sim.close();
  rmSync(home, { recursive: true, force: true });
});

function io(onLine: (line: string) => void = () => {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = { text: '', err: '' };
  stdout.on('data', (c: Buffer) => {
    out.text += c.toString();
    for (const l of c.toString().split('\n')) if (l) onLine(l);
  });
  stderr.on('data', (c: Buffer) => (out.err += c.toString()));
  return { io: { stdout, stderr, env }, out };
}

describe('bastionless up', () => {
  it('binds the named saved profiles, publishes the runtime file, stops cleanly', async () => {
    const add = io();
    for (const [name, port] of [
      ['web', '80'],
      ['ssh', '22'],
    ] as const)
      expect(
        await profiles(
          [
            'add',
            '--name',
            name,
            '--target',
            'i-0123456789abcdef0',
            '--remote-port',
            port,
            '--region',
            'us-east-1',
          ],
          add.io,
        ),
      ).toBe(0);

    let release: () => void = () => {};
    const stop = new Promise<void>((r) => (release = r));
    const listening = new Set<string>();
    let runtimeFiles = -1;
    const { io: upIo, out } = io((l) => {
      const ev = JSON.parse(l) as { event: string; name: string; status: string; port: number | null };
      if (ev.event === 'state' && ev.status === 'listening' && ev.port !== null) listening.add(ev.name);
      if (listening.size === 2 && runtimeFiles < 0) {
        runtimeFiles = readdirSync(join(home, 'run', 'engines')).length;
        release();
      }
    });
    const code = await runUntil(['web', 'ssh', '--endpoint', sim.endpoint, '--json'], upIo, () => stop);
    expect(code).toBe(0);
    expect([...listening].sort()).toEqual(['ssh', 'web']);
    expect(runtimeFiles).toBe(1);
    expect(readdirSync(join(home, 'run', 'engines'))).toEqual([]);
    expect(out.err).toBe('');
  });

  it('refuses unknown names (exit 1) and no names (exit 2)', async () => {
    const a = io();
    expect(await run(['nope'], a.io)).toBe(1);
    expect(a.out.err).toContain('no profile named "nope"');
    expect(await run([], io().io)).toBe(2);
  });
});
