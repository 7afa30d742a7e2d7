/**
 * The contract through the real transport code on both sides, not test doubles of it:
 *   - browser mode: the renderer's own webSocketTransport → the real browser-mode server;
 *   - Electron: the preload's createBridge → an in-memory ipcRenderer/ipcMain pair that
 *     structured-clones every crossing like Electron does → the shell's registerIpc.
 * Both run the same script against a real engine (embedded simulator, real TCP echo target); the
 * observable outcomes (result codes, event kinds, bytes echoed) must be identical.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WsWebSocket from 'ws';
import type { EventPayload } from '../../shared/contract/events.js';
import type { Result } from '../../shared/contract/result.js';
import type { EngineTransport } from '../../shared/contract/transport.js';
import { createEngine, type Engine } from '../../electron/engine/api/engine.js';
import { startBrowserModeServer } from '../../electron/engine/server/browserModeServer.js';
import { createBridge, type IpcRendererLike } from '../../electron/shell/bridge.js';
import { registerIpc, type IpcEventLike, type IpcMainLike } from '../../electron/shell/ipcTransport.js';
import { webSocketTransport } from '../../renderer/api/webSocketTransport.js';

const APP_URL = 'app://bastionless/index.html';
const cleanups: (() => Promise<void> | void)[] = [];
let echo: net.Server;
let echoPort = 0;

beforeAll(async () => {
  echo = net.createServer((s) => {
    s.on('error', () => {});
    s.pipe(s);
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoPort = (echo.address() as net.AddressInfo).port;
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await new Promise<void>((r) => echo.close(() => r()));
});

async function newEngine(): Promise<Engine> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bl-contract-'));
  const engine = await createEngine({ dataDir, env: { HOME: dataDir }, backend: 'simulator' });
  cleanups.push(async () => {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return engine;
}

/** Electron's IPC, in memory: handlers by channel, structuredClone on every crossing. */
function inMemoryIpc(): { ipcMain: IpcMainLike; ipcRenderer: IpcRendererLike } {
  const handlers = new Map<string, (e: IpcEventLike, ...a: unknown[]) => Promise<unknown>>();
  const onRenderer = new Map<string, Set<(e: unknown, ...a: unknown[]) => void>>();
  const sender = {
    id: 1,
    send: (channel: string, ...args: unknown[]): void =>
      onRenderer.get(channel)?.forEach((l) => l({}, ...structuredClone(args))),
    isDestroyed: () => false,
    once: () => undefined,
  };
  return {
    ipcMain: {
      handle: (c, l) => void handlers.set(c, l),
      removeHandler: (c) => void handlers.delete(c),
    },
    ipcRenderer: {
      invoke: async (channel, ...args) => {
        await Promise.resolve(); // IPC crosses processes: the handler never runs inside invoke()
        const h = handlers.get(channel);
        if (!h) throw new Error(`No handler registered for '${channel}'`);
        return structuredClone(await h({ senderFrame: { url: APP_URL }, sender }, ...structuredClone(args)));
      },
      on: (c, l) => onRenderer.set(c, (onRenderer.get(c) ?? new Set()).add(l)),
      removeListener: (c, l) => onRenderer.get(c)?.delete(l),
    },
  };
}

async function ipcTransport(): Promise<EngineTransport> {
  const engine = await newEngine();
  const { ipcMain, ipcRenderer } = inMemoryIpc();
  const reg = registerIpc({ ipcMain, engine, isTrustedUrl: (u) => u === APP_URL });
  cleanups.push(() => reg.dispose());
  return createBridge(ipcRenderer) as unknown as EngineTransport;
}

async function wsTransport(): Promise<EngineTransport> {
  const engine = await newEngine();
  const staticDir = mkdtempSync(join(tmpdir(), 'bl-contract-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><div id="root"></div>');
  const server = await startBrowserModeServer({ engine, staticDir });
  const origin = `http://127.0.0.1:${server.port}`;
  // The renderer's transport uses the DOM WebSocket; in Node, `ws` plays it, sending the page's Origin.
  class PageWebSocket extends WsWebSocket {
    constructor(url: string) {
      super(url, { headers: { Origin: origin } });
    }
  }
  const g = globalThis as { WebSocket?: unknown };
  const before = g.WebSocket;
  g.WebSocket = PageWebSocket;
  const t = webSocketTransport(`ws://127.0.0.1:${server.port}/api?token=${server.token}`);
  cleanups.push(async () => {
    t.close();
    g.WebSocket = before;
    await server.close();
    rmSync(staticDir, { recursive: true, force: true });
  });
  return t;
}

function nextUpdate(
  t: EngineTransport,
  pred: (u: EventPayload<'engine.update'>) => boolean,
): Promise<EventPayload<'engine.update'>> {
  return new Promise((resolve) => {
    const off = t.subscribe('engine.update', (u) => {
      if (!pred(u)) return;
      off();
      resolve(u);
    });
  });
}

const code = (r: Result<unknown>): string => (r.ok ? 'ok' : r.error.code);
type LooseCall = (m: string, i: unknown) => Promise<Result<unknown>>;

/** The script both transports run; returns what a UI could observe, for the cross-check. */
async function script(t: EngineTransport): Promise<unknown[]> {
  const seen: unknown[] = [];
  const snap = await nextUpdate(t, () => true);
  seen.push(snap.kind, snap.kind === 'snapshot' ? snap.profiles.length : -1);

  const info = await t.call('engine.info', {});
  seen.push(code(info), info.ok && info.value.backend);
  const call = t.call as unknown as LooseCall;
  seen.push(code(await call('no.such.method', {})));
  seen.push(code(await call('profiles.save', { name: '' })));
  seen.push(code(await call('tunnels.start', { profileId: 42 })));
  seen.push(code(await t.call('tunnels.start', { profileId: 'no-such-profile' })));

  const delta = nextUpdate(t, (u) => u.kind === 'profiles' && u.profiles.length === 1);
  const saved = await t.call('profiles.save', {
    name: 'contract db',
    kind: 'database',
    target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
    remotePort: echoPort,
  });
  if (!saved.ok) throw new Error(`save failed: ${saved.error.code}`);
  seen.push(code(saved), (await delta).kind);

  const v = await t.call('profiles.validate', { ...saved.value, remotePort: 0 });
  seen.push(code(v), v.ok && v.value.issues.map((i) => i.path));

  const started = await t.call('tunnels.start', { profileId: saved.value.id });
  seen.push(code(started));
  const port = started.ok ? started.value.localPort : undefined;
  // On-demand: the first connection opens the session; the echo comes back through the tunnel.
  const echoed = await new Promise<string>((resolve, reject) => {
    const s = net.connect(Number(port), '127.0.0.1', () => s.write('ping'));
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString());
    });
    s.once('error', reject);
  });
  seen.push(echoed);

  const stopped = nextUpdate(t, (u) => u.kind === 'tunnel' && u.tunnel.status === 'stopped');
  seen.push(code(await t.call('tunnels.stop', { profileId: saved.value.id })), (await stopped).kind);
  seen.push(code(await t.call('prompts.answer', { promptId: 'none', value: '1' })));
  return seen;
}

describe('the contract through the real renderer and shell transports', () => {
  const outcomes = new Map<string, unknown[]>();

  it('websocket (renderer webSocketTransport → browser-mode server)', async () => {
    outcomes.set('websocket', await script(await wsTransport()));
  });

  it('ipc (preload bridge → structured clone → shell registerIpc)', async () => {
    outcomes.set('ipc', await script(await ipcTransport()));
  });

  it('gives the same results and error codes on both', () => {
    const ws = outcomes.get('websocket');
    expect(ws).toEqual([
      'snapshot',
      0,
      'ok',
      'simulator',
      'INVALID_ARGUMENT',
      'PROFILE_INVALID',
      'INVALID_ARGUMENT',
      'PROFILE_NOT_FOUND',
      'ok',
      'profiles',
      'ok',
      ['remotePort'],
      'ok',
      'ping',
      'ok',
      'tunnel',
      'NOT_FOUND',
    ]);
    expect(outcomes.get('ipc')).toEqual(ws);
  });
});
