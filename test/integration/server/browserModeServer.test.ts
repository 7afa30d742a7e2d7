/**
 * The browser-mode server's gate: loopback only, token on every request, own Origin and Host on the
 * WebSocket upgrade (DNS rebinding), nothing outside the static dir, GET/HEAD only, bad frames refused.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EngineHost } from '../../../electron/engine/api/engineHost.js';
import {
  startBrowserModeServer,
  type BrowserModeServer,
} from '../../../electron/engine/server/browserModeServer.js';

let dir: string;
let server: BrowserModeServer;
const calls: string[] = [];
// A recording engine: the gate is under test here, not dispatch (test/contract covers that).
const engine: EngineHost = {
  call: (method) => {
    calls.push(method);
    return Promise.resolve({ ok: true, value: method });
  },
  subscribe: () => () => {},
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bl-srv-'));
  mkdirSync(join(dir, 'static', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html><title>bl</title>');
  writeFileSync(join(dir, 'static', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
  server = await startBrowserModeServer({ engine, staticDir: join(dir, 'static') });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method,
        headers: { host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Raw upgrade attempt; resolves with the status line's code. */
function upgrade(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = connect(server.port, '127.0.0.1');
    let acc = '';
    s.on('data', (d: Buffer) => {
      acc += d.toString();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(acc);
      if (m) {
        s.destroy();
        resolve(Number(m[1]));
      }
    });
    s.on('error', reject);
    const lines = [
      `GET ${path} HTTP/1.1`,
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    s.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

describe('browser-mode server', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('serves index.html with the token, sets an HttpOnly SameSite=Strict cookie and the CSP', async () => {
    const r = await get(`/?token=${server.token}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>bl</title>');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(String(r.headers['set-cookie'])).toMatch(/bl_token=.*HttpOnly.*SameSite=Strict/);
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'none'");
    const js = await get('/assets/app.js', { cookie: `bl_token=${server.token}` });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('serves from a static dir given with a trailing slash (as the CLI passes dist/renderer/)', async () => {
    const other = await startBrowserModeServer({ engine, staticDir: `${join(dir, 'static')}/` });
    try {
      const r = await fetch(`${other.url}`);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('<title>bl</title>');
    } finally {
      await other.close();
    }
  });

  it('refuses static files without the token or with a wrong one', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get('/', { cookie: 'bl_token=wrong' })).status).toBe(403);
  });

  it('refuses a rebinding Host and non-GET methods', async () => {
    expect((await get(`/?token=${server.token}`, { host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get(`/?token=${server.token}`, {}, 'POST')).status).toBe(405);
    expect((await get(`/?token=${server.token}`, {}, 'DELETE')).status).toBe(405);
  });

  it('serves nothing outside the static dir and no listings', async () => {
    const t = `token=${server.token}`;
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/',
      '/%00',
    ])
      expect((await get(`${p}?${t}`)).status, p).toBe(404);
  });

  it('refuses WebSocket upgrades without the token, from a foreign Origin or with a foreign Host', async () => {
    const own = `http://127.0.0.1:${server.port}`;
    const host = `127.0.0.1:${server.port}`;
    expect(await upgrade(`/api?token=${server.token}`, { Host: host, Origin: own })).toBe(101);
    expect(
      await upgrade(`/api?token=${server.token}`, {
        Host: `localhost:${server.port}`,
        Origin: `http://localhost:${server.port}`,
      }),
    ).toBe(101);
    expect(await upgrade('/api', { Host: host, Origin: own })).toBe(403);
    expect(await upgrade('/api?token=nope', { Host: host, Origin: own })).toBe(403);
    expect(await upgrade(`/api?token=${server.token}`, { Host: host, Origin: 'http://evil.example' })).toBe(
      403,
    );
    expect(await upgrade(`/api?token=${server.token}`, { Host: host })).toBe(403);
    expect(
      await upgrade(`/api?token=${server.token}`, { Host: `evil.example:${server.port}`, Origin: own }),
    ).toBe(403);
    expect(await upgrade(`/other?token=${server.token}`, { Host: host, Origin: own })).toBe(403);
  });

  it('round-trips calls and closes the socket on malformed frames', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
      origin: `http://127.0.0.1:${server.port}`,
    });
    await new Promise((r) => ws.once('open', r));
    const reply = new Promise<unknown>((r) =>
      ws.once('message', (d: Buffer) => r(JSON.parse(d.toString('utf8')))),
    );
    ws.send(JSON.stringify({ type: 'call', id: 3, method: 'engine.info', input: {} }));
    expect(await reply).toEqual({ type: 'result', id: 3, result: { ok: true, value: 'engine.info' } });
    const bad = new Promise<unknown>((r) =>
      ws.once('message', (d: Buffer) => r(JSON.parse(d.toString('utf8')))),
    );
    ws.send(JSON.stringify({ type: 'call', id: 4, method: 12 }));
    expect(await bad).toMatchObject({
      type: 'result',
      id: 4,
      result: { ok: false, error: { code: 'INVALID_ARGUMENT' } },
    });
    expect(calls).toEqual(['engine.info']);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('{not json');
    expect(await closed).toBe(1003);
  });
});
