/**
 * Browser mode's local attack surface, attacked from a hostile page in real Chromium (issue
 * "Reliability and security: local attack surface"). A second loopback HTTP server plays the
 * attacker's site on another port of 127.0.0.1: it is same-site with browser mode (ports do not
 * count for SameSite), so the victim's bl_token cookie IS sent with its requests — only the Origin
 * and Host checks stand between it and the engine. Browsers cannot forge Host, so the DNS-rebinding
 * requests (foreign Host, right token) are made from Node.
 * Positive controls (the real page, the right Host) prove each refusal is a refusal and not a bug.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import type { EventName, EventPayload } from '../../../shared/contract/events.js';
import type { Result } from '../../../shared/contract/result.js';
import type { EngineHost } from '../../../electron/engine/api/engineHost.js';
import {
  startBrowserModeServer,
  type BrowserModeServer,
} from '../../../electron/engine/server/browserModeServer.js';
import { launchChromium } from '../harness.js';

/** Records what reached the engine: the attacks below must add nothing here. */
class RecordingEngine implements EngineHost {
  readonly calls: string[] = [];
  call(method: string): Promise<Result<unknown>> {
    this.calls.push(method);
    return Promise.resolve({ ok: true, value: { reached: method } });
  }
  subscribe<E extends EventName>(_e: E, _l: (p: EventPayload<E>) => void): () => void {
    return () => undefined;
  }
}

let staticDir: string;
let engine: RecordingEngine;
let server: BrowserModeServer;
let hostile: http.Server;
let hostilePort: number;
let browser: Browser;
let context: BrowserContext;

/**
 * What the attacker's page runs: open a WebSocket to browser mode and call an engine method. Passed
 * to page.evaluate, so it runs in the page's own origin (the Origin header is the page's).
 */
function attack(url: string): Promise<string> {
  return new Promise((resolve) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      resolve(`threw:${(e as Error).name}`);
      return;
    }
    const t = setTimeout(() => resolve('timeout'), 10_000);
    ws.onopen = () => ws.send(JSON.stringify({ type: 'call', id: 1, method: 'tunnels.stopAll', input: {} }));
    ws.onmessage = (m) => {
      clearTimeout(t);
      resolve(`message:${String(m.data)}`);
    };
    ws.onerror = () => {
      clearTimeout(t);
      resolve('error');
    };
    ws.onclose = (e) => {
      clearTimeout(t);
      resolve(`closed:${e.code}`);
    };
  });
}

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'bl-hostile-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>bastionless</title><p>app</p>');
  engine = new RecordingEngine();
  server = await startBrowserModeServer({ engine, staticDir });
  hostile = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>hostile</title><p>totally innocent page</p>');
  });
  await new Promise<void>((r) => hostile.listen(0, '127.0.0.1', r));
  hostilePort = (hostile.address() as AddressInfo).port;
  browser = await launchChromium();
  context = await browser.newContext();
  // The victim opened browser mode with its token: the browser now holds the bl_token cookie.
  const app = await context.newPage();
  const resp = await app.goto(server.url);
  expect(resp?.status()).toBe(200);
  const cookies = await context.cookies(`http://127.0.0.1:${server.port}`);
  expect(cookies.map((c) => c.name)).toContain('bl_token');
  await app.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise<void>((r) => (hostile ? hostile.close(() => r()) : r()));
  rmSync(staticDir, { recursive: true, force: true });
});

async function attackFrom(origin: string, url: string): Promise<string> {
  const page = await context.newPage();
  try {
    await page.goto(origin);
    return await page.evaluate(attack, url);
  } finally {
    await page.close();
  }
}

describe('browser mode against a hostile page in Chromium', () => {
  it('positive control: the app page itself (cookie, own Origin) reaches the engine', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`http://127.0.0.1:${server.port}/`);
      const before = engine.calls.length;
      const r = await page.evaluate(attack, `ws://127.0.0.1:${server.port}/api`);
      expect(r).toMatch(/^message:.*"reached":"tunnels.stopAll"/);
      expect(engine.calls.length).toBe(before + 1);
    } finally {
      await page.close();
    }
  });

  it('a cross-origin page on another loopback port cannot open the WebSocket, even with the cookie', async () => {
    const before = engine.calls.length;
    const r = await attackFrom(`http://127.0.0.1:${hostilePort}/`, `ws://127.0.0.1:${server.port}/api`);
    expect(r).toMatch(/^(error|closed:\d+)$/);
    expect(engine.calls.length).toBe(before);
  });

  it('… nor with the right token in the URL (Origin is checked independently of the token)', async () => {
    const before = engine.calls.length;
    const r = await attackFrom(
      `http://localhost:${hostilePort}/`,
      `ws://127.0.0.1:${server.port}/api?token=${server.token}`,
    );
    expect(r).toMatch(/^(error|closed:\d+)$/);
    expect(engine.calls.length).toBe(before);
  });

  it('a hostile page cannot read browser mode over fetch (no CORS grant)', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`http://127.0.0.1:${hostilePort}/`);
      const r = await page.evaluate(async (u) => {
        try {
          const res = await fetch(u, { credentials: 'include' });
          return `read:${res.status}:${await res.text()}`;
        } catch (e) {
          return `blocked:${(e as Error).name}`;
        }
      }, `http://127.0.0.1:${server.port}/`);
      expect(r).toMatch(/^blocked:/);
    } finally {
      await page.close();
    }
  });
});

function request(headers: Record<string, string>, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function upgrade(headers: Record<string, string>, path: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new NodeWebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(`status:${res.statusCode}`);
      res.resume();
      ws.terminate();
    });
    ws.on('error', () => resolve('error'));
  });
}

describe('browser mode against DNS rebinding (foreign Host, right token)', () => {
  it('positive control: right Host and token serve the page', async () => {
    const r = await request({ host: `127.0.0.1:${server.port}` }, `/?token=${server.token}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('bastionless');
  });

  it.each(['evil.example', 'attacker.test:80', '127.0.0.1', '127.0.0.1.nip.io'])(
    'refuses an HTTP request with Host %s even with the token',
    async (h) => {
      const host = h.includes(':') || h === '127.0.0.1' ? h : `${h}:${server.port}`;
      const r = await request({ host }, `/?token=${server.token}`);
      expect(r.status).toBe(403);
      expect(r.body).not.toContain('bastionless');
    },
  );

  it('refuses a WebSocket upgrade with a rebound Host (and its matching Origin) even with the token', async () => {
    const before = engine.calls.length;
    const evil = `evil.example:${server.port}`;
    expect(await upgrade({ host: evil, origin: `http://${evil}` }, `/api?token=${server.token}`)).toBe(
      'status:403',
    );
    expect(engine.calls.length).toBe(before);
  });

  it('refuses upgrades with no Origin, or a wrong token, and accepts the legitimate one', async () => {
    const own = `127.0.0.1:${server.port}`;
    expect(await upgrade({ host: own }, `/api?token=${server.token}`)).toBe('status:403');
    expect(await upgrade({ host: own, origin: `http://${own}` }, '/api?token=wrong')).toBe('status:403');
    expect(await upgrade({ host: own, origin: `http://${own}` }, '/api')).toBe('status:403');
    expect(await upgrade({ host: own, origin: `http://${own}` }, `/api?token=${server.token}`)).toBe('open');
  });
});
