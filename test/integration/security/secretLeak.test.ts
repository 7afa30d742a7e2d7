/**
 * No token, key or credential in logs, argv or files (issue "Reliability and security: local attack
 * surface"). A real `bastionless forward --json --verbose` runs against the simulator with
 * recognisable fake credentials; a recording reverse proxy in front of the simulator's API captures
 * every TokenValue the service hands out. Then everything the run left behind is grepped: stdout
 * (the JSON event and log lines), stderr, the process's argv, `status --json`, and every file in the
 * runtime directory. Positive control: the proxy really saw the canary credentials (the SigV4
 * Authorization header names the access key; the session token travels as X-Amz-Security-Token),
 * and really captured TokenValues, so "not found" means "not leaked", not "never used".
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const MUX = 'i-0123456789abcdef0';
const ACCESS_KEY = 'AKIDCANARY7Q3ZLEAKTEST';
const SECRET_KEY = 'SECRETsecretSECRETcanary0123456789abcdefXYZ';
const SESSION_TOKEN = 'SESSIONtokenCANARYFwoGZXIvYXdzEJr//////////wEaDLEAKTEST0123456789';

let sim: Simulator;
let proxy: http.Server;
let proxyUrl: string;
let echo: net.Server;
let echoPort: number;
let runtimeDir: string;
const tokenValues = new Set<string>();
const seenAuth: string[] = [];
const children: ChildProcess[] = [];

/** Forwards to the simulator's API and records the TokenValues in its answers. */
function startProxy(target: URL): Promise<void> {
  proxy = http.createServer((req, res) => {
    seenAuth.push(`${String(req.headers.authorization)} ${String(req.headers['x-amz-security-token'])}`);
    const up = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (ures) => {
        const chunks: Buffer[] = [];
        ures.on('data', (c: Buffer) => chunks.push(c));
        ures.on('end', () => {
          const body = Buffer.concat(chunks);
          for (const m of body.toString('utf8').matchAll(/"TokenValue"\s*:\s*"([^"]+)"/g))
            tokenValues.add(m[1]!);
          res.writeHead(ures.statusCode ?? 502, ures.headers);
          res.end(body);
        });
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  return new Promise((r) =>
    proxy.listen(0, '127.0.0.1', () => {
      proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
      r();
    }),
  );
}

function env(): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: runtimeDir,
    AWS_ENDPOINT_URL_SSM: proxyUrl,
    AWS_ACCESS_KEY_ID: ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: SECRET_KEY,
    AWS_SESSION_TOKEN: SESSION_TOKEN,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(runtimeDir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(runtimeDir, 'no-credentials'),
    BASTIONLESS_RUNTIME_DIR: runtimeDir,
  };
}

function cli(args: string[]): {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, [join(ROOT, 'bin/bastionless.js'), ...args], {
    cwd: ROOT,
    env: env(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  return { child, out: () => out, err: () => err, exit };
}

function waitFor(pred: () => boolean, what: string, ms = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const t = setInterval(() => {
      if (pred()) {
        clearInterval(t);
        resolve();
      } else if (Date.now() - started > ms) {
        clearInterval(t);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 20);
  });
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  sim = await startSimulator();
  await startProxy(new URL(sim.endpoint));
  runtimeDir = mkdtempSync(join(tmpdir(), 'bl-leak-'));
  echo = net.createServer((s) => {
    s.on('error', () => {});
    s.pipe(s);
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoPort = (echo.address() as net.AddressInfo).port;
}, 120_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await new Promise<void>((r) => (echo ? echo.close(() => r()) : r()));
  await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  await sim?.close();
  rmSync(runtimeDir, { recursive: true, force: true });
});

function secrets(): string[] {
  return [SECRET_KEY, SESSION_TOKEN, ...tokenValues];
}

function expectClean(where: string, text: string): void {
  for (const s of secrets()) {
    // Also the halves: a secret cut in two by truncation or wrapping is still a leak.
    for (const piece of [s, s.slice(0, 16), s.slice(-16)])
      expect(text.includes(piece), `${where} contains a secret (${piece.slice(0, 6)}…)`).toBe(false);
  }
}

describe('no secrets in logs, argv or files', () => {
  it('a forward session with --json --verbose leaks no credential or TokenValue', async () => {
    const run = cli(['forward', '--target', MUX, '--remote-port', String(echoPort), '--json', '--verbose']);
    await waitFor(() => run.out().includes('"event":"ready"'), 'the ready event');
    const port = (JSON.parse(run.out().split('\n')[0]!) as { port: number }).port;
    const got = await new Promise<string>((resolve, reject) => {
      const c = net.connect(port, '127.0.0.1');
      let s = '';
      c.setEncoding('utf8');
      c.on('data', (d: string) => {
        s += d;
        if (s.length >= 5) {
          c.destroy();
          resolve(s);
        }
      });
      c.on('error', reject);
      c.write('hello');
    });
    expect(got).toBe('hello');
    const cmdline = readFileSync(`/proc/${run.child.pid}/cmdline`, 'utf8');
    const status = cli(['status', '--json']);
    expect(await status.exit).toBe(0);
    // Drop the data channel: the CLI reconnects with a fresh TokenValue (ResumeSession), logging as it goes.
    sim.dropDataChannels();
    await waitFor(() => tokenValues.size >= 2, 'a second TokenValue (resume)');
    await waitFor(
      () => run.out().includes('"status":"reconnecting"') && run.out().split('"status":"open"').length > 2,
      'the reconnect',
    );
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);

    // Positive controls: the canaries were really used, and TokenValues were really issued.
    expect(seenAuth.some((a) => a.includes(ACCESS_KEY) && a.includes(SESSION_TOKEN))).toBe(true);
    expect(tokenValues.size).toBeGreaterThanOrEqual(2);
    expect(
      run
        .out()
        .split('\n')
        .filter((l) => l.includes('"event":"log"')).length,
    ).toBeGreaterThan(0);

    expectClean('forward stdout', run.out());
    expectClean('forward stderr', run.err());
    expectClean('forward argv', cmdline);
    expectClean('status --json', status.out() + status.err());
    for (const f of allFiles(runtimeDir)) expectClean(f, readFileSync(f, 'latin1'));
  }, 120_000);
});
