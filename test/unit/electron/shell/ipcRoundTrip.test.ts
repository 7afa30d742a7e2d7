/**
 * The two halves of the Electron transport talk to each other: the preload bridge (bridge.ts) over a
 * fake wire to ipcTransport.ts. Proves the subscribe request shape, id tagging and Result passing agree
 * on both sides, and that a page that is not ours gets nothing through the same bridge.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { engineError } from '../../../../shared/contract/errors.js';
import { err, ok } from '../../../../shared/contract/result.js';
import { APP_INDEX_URL, isAppUrl } from '../../../../electron/shell/appOrigin.js';
import { createBridge, type IpcRendererLike } from '../../../../electron/shell/bridge.js';
import { registerIpc } from '../../../../electron/shell/ipcTransport.js';
import { FakeWebContents, ipcMain, resetFakeElectron } from '../../../fakes/electron.js';
import { FakeEngine, makeProfile, makeTunnel } from './fakeEngine.js';

/** A renderer at `url`: invoke goes to ipcMain's handlers; page.send comes back to its listeners. */
function wire(url: string) {
  const page = new FakeWebContents();
  const listeners = new Map<string, Set<(e: unknown, ...a: unknown[]) => void>>();
  page.send = (channel: string, ...args: unknown[]) => {
    // Structured clone, as Electron does across the process boundary.
    for (const l of listeners.get(channel) ?? []) l({}, ...structuredClone<unknown[]>(args));
  };
  const ipc: IpcRendererLike = {
    invoke: (channel, ...args) => ipcMain.invoke(channel, url, page, ...structuredClone<unknown[]>(args)),
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  return { bridge: createBridge(ipc), page };
}

/** Resolves once queued microtasks (the bridge's fire-and-forget subscribe invoke) have run. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('preload bridge ↔ ipcTransport', () => {
  beforeEach(() => resetFakeElectron());

  it('calls reach the engine and come back as Results; events arrive with a snapshot first', async () => {
    const engine = new FakeEngine();
    engine.profiles = [makeProfile('orders')];
    engine.responses.set('tunnels.start', (input) =>
      ok(makeTunnel((input as { profileId: string }).profileId, 'listening')),
    );
    engine.responses.set('tunnels.stop', () => err(engineError('NOT_FOUND', 'no such tunnel')));
    registerIpc({ ipcMain, engine, isTrustedUrl: isAppUrl });
    const { bridge } = wire(APP_INDEX_URL);

    const updates: unknown[] = [];
    const off = bridge.subscribe('engine.update', (u) => updates.push(u));
    await settled();
    expect(updates).toEqual([{ kind: 'snapshot', profiles: engine.profiles, tunnels: [] }]);

    await expect(bridge.call('tunnels.start', { profileId: 'orders' })).resolves.toMatchObject({
      ok: true,
      value: { profileId: 'orders', status: 'listening' },
    });
    await expect(bridge.call('tunnels.stop', { profileId: 'orders' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    engine.setTunnel(makeTunnel('orders', 'open'));
    expect(updates).toHaveLength(2);
    off();
    await settled();
    engine.setTunnel(makeTunnel('orders', 'stopped'));
    expect(updates).toHaveLength(2);
    expect(engine.subscriberCount('engine.update')).toBe(0);
  });

  it('a foreign page using the same bridge code gets UNAUTHORIZED and no events', async () => {
    const engine = new FakeEngine();
    registerIpc({ ipcMain, engine, isTrustedUrl: isAppUrl });
    const { bridge } = wire('https://evil.example/');
    const got: unknown[] = [];
    bridge.subscribe('engine.update', (u) => got.push(u));
    await settled();
    await expect(bridge.call('tunnels.stopAll', {})).resolves.toMatchObject({
      error: { code: 'UNAUTHORIZED' },
    });
    expect(got).toEqual([]);
    expect(engine.calls).toEqual([]);
    expect(engine.subscriberCount('engine.update')).toBe(0);
  });
});
