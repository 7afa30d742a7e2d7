import { describe, expect, it } from 'vitest';
import { SUBSCRIBE_CHANNEL, eventChannel, methodChannel } from '../../../../shared/contract/channels.js';
import { createBridge, type IpcRendererLike } from '../../../../electron/shell/bridge.js';

function fakeIpc(answer: (channel: string, args: unknown[]) => unknown = () => ({ ok: true, value: 1 })) {
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<(e: unknown, ...a: unknown[]) => void>>();
  const ipc: IpcRendererLike = {
    invoke(channel, ...args) {
      invoked.push({ channel, args });
      return new Promise((resolve) => resolve(answer(channel, args)));
    },
    on(channel, l) {
      const s = listeners.get(channel) ?? new Set();
      s.add(l);
      listeners.set(channel, s);
    },
    removeListener(channel, l) {
      listeners.get(channel)?.delete(l);
    },
  };
  const deliver = (channel: string, ...args: unknown[]) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'electron-event' }, ...args);
  };
  return { ipc, invoked, listeners, deliver };
}

describe('preload bridge', () => {
  it('exposes exactly call and subscribe', () => {
    expect(Object.keys(createBridge(fakeIpc().ipc)).sort()).toEqual(['call', 'subscribe']);
  });

  it('call invokes the derived channel for contract methods and refuses anything else without IPC', async () => {
    const { ipc, invoked } = fakeIpc();
    const b = createBridge(ipc);
    await expect(b.call('tunnels.start', { profileId: 'a' })).resolves.toEqual({ ok: true, value: 1 });
    for (const name of [
      'bl:subscribe',
      'tunnels.nope',
      '__proto__',
      'constructor',
      42 as unknown as string,
    ]) {
      await expect(b.call(name, {})).resolves.toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT' },
      });
    }
    expect(invoked).toEqual([{ channel: methodChannel('tunnels.start'), args: [{ profileId: 'a' }] }]);
  });

  it('a rejected invoke becomes an INTERNAL Result, never a throw', async () => {
    const b = createBridge(
      fakeIpc(() => {
        throw new Error('no handler');
      }).ipc,
    );
    await expect(b.call('engine.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('subscribe routes only its own id, strips the Electron event, and unsubscribes once', () => {
    const { ipc, invoked, listeners, deliver } = fakeIpc();
    const b = createBridge(ipc);
    const got: unknown[] = [];
    const off = b.subscribe('engine.update', (p) => got.push(p));
    const other: unknown[] = [];
    b.subscribe('engine.update', (p) => other.push(p));
    expect(invoked.map((i) => i.args[0])).toEqual([
      { op: 'subscribe', event: 'engine.update', id: 1 },
      { op: 'subscribe', event: 'engine.update', id: 2 },
    ]);
    deliver(eventChannel('engine.update'), 1, { kind: 'profiles', profiles: [] });
    expect(got).toEqual([{ kind: 'profiles', profiles: [] }]);
    expect(other).toEqual([]);
    off();
    off();
    expect(listeners.get(eventChannel('engine.update'))?.size).toBe(1);
    expect(invoked.filter((i) => i.channel === SUBSCRIBE_CHANNEL)).toHaveLength(3);
    expect(() => b.subscribe('engine.secrets', () => {})).toThrow(/unknown event/);
    expect(() => b.subscribe('engine.update', 'x' as never)).toThrow(/function/);
  });
});
