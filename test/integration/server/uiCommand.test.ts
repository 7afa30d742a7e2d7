/**
 * `bastionless ui` as users run it (node bin/bastionless.js): refuses to start without a built
 * renderer, prints a ready line with the tokened URL, serves the page and the API, and exits 0 on
 * SIGTERM with its runtime file removed.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildNode, ROOT, tempDir } from '../cli/forwardCli.js';

let dir: string;
beforeAll(() => {
  buildNode();
  dir = tempDir('bl-ui-');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>ui-test</title>');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function env(): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    BASTIONLESS_RUNTIME_DIR: join(dir, 'run'),
    AWS_CONFIG_FILE: join(dir, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
  };
}

function run(args: string[]): {
  child: ReturnType<typeof spawn>;
  firstLine: Promise<string>;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, [join(ROOT, 'bin/bastionless.js'), 'ui', ...args], {
    env: env(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const rl = createInterface({ input: child.stdout });
  const firstLine = new Promise<string>((resolve) => rl.once('line', resolve));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, firstLine, exit };
}

describe('bastionless ui', () => {
  it('says how to build the renderer when it is missing', async () => {
    const p = run(['--no-open', '--static-dir', join(dir, 'nowhere')]);
    let err = '';
    p.child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    expect(await p.exit).toBe(1);
    expect(err).toContain('npm run build:renderer');
  });

  it('serves the renderer and the API, then stops cleanly on SIGTERM', async () => {
    const p = run(['--no-open', '--json', '--static-dir', dir, '--data-dir', join(dir, 'data')]);
    const ready = JSON.parse(await p.firstLine) as { event: string; url: string; backend: string };
    expect(ready).toMatchObject({ event: 'ready', backend: 'simulator' });
    const url = new URL(ready.url);
    expect(url.hostname).toBe('127.0.0.1');
    const page = await fetch(ready.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('ui-test');
    expect(readdirSync(join(dir, 'run', 'engines'))).toHaveLength(1);

    const ws = new WebSocket(`ws://${url.host}/api?token=${url.searchParams.get('token')}`, {
      origin: `http://${url.host}`,
    });
    await new Promise((r) => ws.once('open', r));
    const reply = new Promise<unknown>((r) =>
      ws.once('message', (d: Buffer) => r(JSON.parse(d.toString('utf8')))),
    );
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'engine.info', input: {} }));
    expect(await reply).toMatchObject({
      type: 'result',
      id: 1,
      result: { ok: true, value: { backend: 'simulator' } },
    });
    ws.close();

    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
    expect(
      existsSync(join(dir, 'run', 'engines')) ? readdirSync(join(dir, 'run', 'engines')) : [],
    ).toHaveLength(0);
  });
});
