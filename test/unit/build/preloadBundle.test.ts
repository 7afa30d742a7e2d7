/**
 * Checks the real preload bundle (what `npm run build` ships), not the source: built with the same
 * script into a temp dir, then run in a fresh VM context whose only module is a fake 'electron' with
 * contextBridge + ipcRenderer, the way a sandboxed preload runs.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../../shared/contract/api.js';
import { SUBSCRIBE_CHANNEL, eventChannel, methodChannel } from '../../../shared/contract/channels.js';

interface Bridge {
  call(method: string, input?: unknown): Promise<{ ok: boolean; error?: { code: string } }>;
  subscribe(event: string, listener: (p: unknown) => void): () => void;
}

let dir: string;
let source: string;
const exposed = new Map<string, unknown>();
const required: string[] = [];
const invoked: { channel: string; args: unknown[] }[] = [];
const listeners = new Map<string, ((e: unknown, ...a: unknown[]) => void)[]>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bl-preload-'));
  await promisify(execFile)(process.execPath, ['build/bundle.mjs', '--out', dir], { cwd: process.cwd() });
  source = await readFile(join(dir, 'preload.cjs'), 'utf8');
  const electron = {
    contextBridge: { exposeInMainWorld: (k: string, v: unknown) => exposed.set(k, v) },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return Promise.resolve({ ok: true, value: 'from-main' });
      },
      on: (channel: string, l: (e: unknown, ...a: unknown[]) => void) =>
        listeners.set(channel, [...(listeners.get(channel) ?? []), l]),
      removeListener: (channel: string, l: (e: unknown, ...a: unknown[]) => void) =>
        listeners.set(
          channel,
          (listeners.get(channel) ?? []).filter((x) => x !== l),
        ),
    },
  };
  const module = { exports: {} };
  const require = (name: string): unknown => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`sandboxed preload cannot require ${name}`);
  };
  runInNewContext(source, { require, module, exports: module.exports, console }, { filename: 'preload.cjs' });
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('preload bundle (dist/preload/preload.cjs)', () => {
  it('is one CommonJS file that requires only electron', () => {
    expect(required).toEqual(['electron']);
    expect(source).not.toMatch(/\bimport\s*\(|^import /m);
  });

  it('exposes exactly window.bastionless = { call, subscribe }', () => {
    expect([...exposed.keys()]).toEqual(['bastionless']);
    expect(Object.keys(exposed.get('bastionless') as object).sort()).toEqual(['call', 'subscribe']);
  });

  it('call reaches every contract method on its derived channel and refuses anything else', async () => {
    const b = exposed.get('bastionless') as Bridge;
    for (const m of METHOD_NAMES) await expect(b.call(m, {})).resolves.toMatchObject({ ok: true });
    expect(invoked.map((i) => i.channel)).toEqual(METHOD_NAMES.map((m) => methodChannel(m)));
    invoked.length = 0;
    for (const bad of [SUBSCRIBE_CHANNEL, 'bl:call:tunnels.start', 'shell.openExternal', 'toString', '']) {
      await expect(b.call(bad, {})).resolves.toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT' },
      });
    }
    expect(invoked).toEqual([]);
  });

  it('subscribe accepts contract events only and delivers payloads without the Electron event', () => {
    const b = exposed.get('bastionless') as Bridge;
    expect(() => b.subscribe('ipc:anything', () => {})).toThrow(/unknown event/);
    const got: unknown[] = [];
    const off = b.subscribe('engine.notice', (p) => got.push(p));
    const req = invoked.find((i) => i.channel === SUBSCRIBE_CHANNEL)!.args[0] as { id: number };
    for (const l of listeners.get(eventChannel('engine.notice')) ?? [])
      l({ senderId: 1 }, req.id, { code: 'X' });
    expect(got).toEqual([{ code: 'X' }]);
    off();
    expect(listeners.get(eventChannel('engine.notice'))).toEqual([]);
  });
});
