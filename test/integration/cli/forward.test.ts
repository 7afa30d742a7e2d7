/** `bastionless forward` / `bastionless status` as spawned processes against the simulator. */
import net from 'node:net';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';
import { buildNode, cliEnv, runCli, tempDir, type CliRun } from './forwardCli.js';

const MUX = 'i-0123456789abcdef0';
let sim: Simulator;
let runtimeDir: string;
let echo: net.Server;
let echoPort: number;
const runs: CliRun[] = [];
const servers: net.Server[] = [];

beforeAll(async () => {
  buildNode();
  sim = await startSimulator();
  runtimeDir = tempDir('bastionless-cli-');
  echo = net.createServer((s) => {
    s.on('error', () => {});
    s.pipe(s);
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoPort = (echo.address() as net.AddressInfo).port;
}, 120_000);

afterEach(async () => {
  for (const r of runs.splice(0))
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
  sim.setFaults({ refuseTarget: false });
});

afterAll(async () => {
  await new Promise<void>((r) => echo.close(() => r()));
  await sim.close();
  rmSync(runtimeDir, { recursive: true, force: true });
});

function forward(args: string[]): CliRun {
  const r = runCli(['forward', ...args], cliEnv(sim.endpoint, runtimeDir));
  runs.push(r);
  return r;
}

function echoThrough(port: number, host: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, host);
    let got = '';
    c.setEncoding('utf8');
    c.on('data', (d: string) => {
      got += d;
      if (got.length >= text.length) {
        c.destroy();
        resolve(got);
      }
    });
    c.on('error', reject);
    c.write(text);
  });
}

describe('bastionless forward', () => {
  it('first JSON line is the listening event; forwards; status sees it; SIGTERM ends the session and exits 0', async () => {
    const run = forward(['--target', MUX, '--remote-port', String(echoPort), '--json']);
    const first = await run.waitLine(() => true);
    const ev = JSON.parse(first) as Record<string, unknown>;
    expect(ev).toMatchObject({ event: 'listening', address: '127.0.0.1' });
    expect(Object.keys(ev).slice(0, 3)).toEqual(['event', 'address', 'port']);
    const port = ev['port'] as number;
    expect(port).toBeGreaterThan(0);
    await run.waitLine((l) => l.includes('"event":"ready"'));
    expect(await echoThrough(port, '127.0.0.1', 'hello through the tunnel')).toBe('hello through the tunnel');
    // Every stdout line is one JSON object.
    for (const l of run.lines) expect(() => JSON.parse(l) as unknown).not.toThrow();

    const status = runCli(['status', '--json'], cliEnv(sim.endpoint, runtimeDir));
    expect(await status.exit).toBe(0);
    const engines = (
      JSON.parse(status.lines.join('')) as {
        engines: { pid: number; tunnels: { localPort?: number; status: string }[] }[];
      }
    ).engines;
    const mine = engines.find((e) => e.pid === run.child.pid);
    expect(mine?.tunnels[0]).toMatchObject({ localPort: port, status: 'open' });

    const sessionId = sim.sessions().at(-1)!.sessionId;
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(sim.sessions().find((s) => s.sessionId === sessionId)?.status).toBe('Terminated');
    // Runtime record removed: status shows nothing for this pid any more.
    const after = runCli(['status'], cliEnv(sim.endpoint, runtimeDir));
    expect(await after.exit).toBe(0);
    expect(after.lines.join('\n')).not.toContain(String(port));
  }, 60_000);

  it('--bind another 127.x address and a fixed --local-port', async () => {
    const free = net.createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const port = (free.address() as net.AddressInfo).port;
    await new Promise<void>((r) => free.close(() => r()));
    const run = forward([
      '--target',
      MUX,
      '--remote-port',
      String(echoPort),
      '--bind',
      '127.0.0.2',
      '--local-port',
      String(port),
      '--json',
    ]);
    expect(JSON.parse(await run.waitLine(() => true))).toMatchObject({
      event: 'listening',
      address: '127.0.0.2',
      port,
    });
    await run.waitLine((l) => l.includes('"event":"ready"'));
    expect(await echoThrough(port, '127.0.0.2', 'x')).toBe('x');
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
  }, 60_000);

  const errorCases: [string, () => Promise<string[]>, RegExp][] = [
    [
      'unknown target',
      () => Promise.resolve(['--target', 'i-0fffffffffffffff0', '--remote-port', '22']),
      /not connected|not found/i,
    ],
    [
      'agent offline',
      () => Promise.resolve(['--target', 'i-0ccccccccccccccc3', '--remote-port', '22']),
      /not connected/i,
    ],
    [
      'port in use',
      async () => {
        const blocker = net.createServer();
        servers.push(blocker);
        await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
        return [
          '--target',
          MUX,
          '--remote-port',
          String(echoPort),
          '--local-port',
          String((blocker.address() as net.AddressInfo).port),
        ];
      },
      /already in use/,
    ],
    [
      'access denied',
      () => {
        sim.injectApiError(
          'StartSession',
          {
            code: 'AccessDeniedException',
            message: 'not authorized to perform ssm:StartSession',
            status: 400,
          },
          1,
        );
        return Promise.resolve(['--target', MUX, '--remote-port', String(echoPort)]);
      },
      /not authorized|denied/i,
    ],
    [
      'target refused',
      () => {
        sim.setFaults({ refuseTarget: true });
        return Promise.resolve(['--target', MUX, '--remote-port', String(echoPort)]);
      },
      /could not connect|refused/i,
    ],
  ];

  for (const [name, args, pattern] of errorCases)
    it(`${name}: one clear line, non-zero exit, no hang`, async () => {
      const t0 = performance.now();
      const run = forward(await args());
      const code = await run.exit;
      const err = run.stderr().trim();
      console.log(`[cli] ${name}: exit ${code} in ${(performance.now() - t0).toFixed(0)} ms: ${err}`);
      expect(code).not.toBe(0);
      expect(err.split('\n')).toHaveLength(1);
      expect(err).toMatch(/^bastionless forward: /);
      expect(err).toMatch(pattern);
    }, 30_000);

  it('errors are JSON events with --json', async () => {
    const run = forward(['--target', 'i-0ccccccccccccccc3', '--remote-port', '22', '--json']);
    expect(await run.exit).not.toBe(0);
    const events = run.lines.map((l) => JSON.parse(l) as { event: string; code?: string });
    expect(events[0]?.event).toBe('listening');
    expect(events.at(-1)).toMatchObject({ event: 'error', code: 'TARGET_NOT_CONNECTED' });
  }, 30_000);
});
