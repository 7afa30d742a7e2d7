import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HealthMeter } from '../../../../../electron/engine/tunnel/healthMeter.js';
import { publishRuntime, readRuntimes } from '../../../../../electron/engine/tunnel/runtimeFile.js';
import { run as status } from '../../../../../electron/cli/commands/status.js';
import type { PortSessionStats } from '../../../../../electron/engine/session/types.js';

const stats = (bytesIn: number, bytesOut: number, activeConnections = 1): PortSessionStats => ({
  bytesIn,
  bytesOut,
  activeConnections,
  rttMs: 20,
  lastTrafficAt: undefined,
  unackedMessages: 0,
  unackedBytes: 0,
});

describe('HealthMeter', () => {
  it('computes throughput per sample and keeps totals across sessions', () => {
    const m = new HealthMeter();
    m.reset(stats(0, 0));
    expect(m.sample(stats(0, 0), 1_000)).toBe(false);
    expect(m.sample(stats(4_000, 1_000), 3_000)).toBe(true);
    expect(m.health(stats(4_000, 1_000))).toMatchObject({
      bytesIn: 4_000,
      bytesOut: 1_000,
      throughputInBps: 2_000,
      throughputOutBps: 500,
      activeConnections: 1,
      rttMs: 20,
      lastTrafficAt: 3_000,
    });
    // The session ends; a new one counts from zero but the tunnel's totals never run backwards.
    m.accumulate(stats(5_000, 1_000));
    m.reset(stats(0, 0));
    expect(m.health(stats(10, 20, 0))).toMatchObject({
      bytesIn: 5_010,
      bytesOut: 1_020,
      activeConnections: 0,
    });
    expect(m.health(undefined)).toMatchObject({ bytesIn: 5_000, throughputInBps: 0 });
  });
});

describe('runtime records and `bastionless status`', () => {
  it('publishes this process, status lists it, remove() hides it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bl-rt-'));
    const env = { BASTIONLESS_RUNTIME_DIR: dir };
    try {
      const rt = publishRuntime('forward', env);
      rt.update([
        {
          profileId: 'p',
          name: 'orders db',
          status: 'open',
          since: 1,
          localAddress: '127.0.0.1',
          localPort: 15432,
          target: 'i-0123456789abcdef0',
          health: {
            bytesIn: 1,
            bytesOut: 2,
            throughputInBps: 0,
            throughputOutBps: 0,
            activeConnections: 1,
            reconnects: 3,
          },
        },
      ]);
      expect(readRuntimes(env).map((r) => r.pid)).toEqual([process.pid]);
      const out = new PassThrough();
      let text = '';
      out.on('data', (d: Buffer) => (text += d.toString()));
      expect(await status([], { stdout: out, stderr: out, env })).toBe(0);
      expect(text).toContain('orders db');
      expect(text).toContain('127.0.0.1:15432');
      expect(text).toContain('reconnects 3');
      rt.remove();
      expect(readRuntimes(env)).toEqual([]);
      text = '';
      expect(await status([], { stdout: out, stderr: out, env })).toBe(0);
      expect(text).toContain('No local Bastionless engine is running');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
