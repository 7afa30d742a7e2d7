import { beforeEach, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../../../shared/contract/api.js';
import { SUBSCRIBE_CHANNEL, eventChannel, methodChannel } from '../../../../shared/contract/channels.js';
import { ok } from '../../../../shared/contract/result.js';
import { APP_INDEX_URL, isAppUrl } from '../../../../electron/shell/appOrigin.js';
import { registerIpc } from '../../../../electron/shell/ipcTransport.js';
import { FakeWebContents, ipcMain, resetFakeElectron } from '../../../fakes/electron.js';
import { FakeEngine, makeProfile } from './fakeEngine.js';

function setup() {
  const engine = new FakeEngine();
  const seen: string[] = [];
  const ipc = registerIpc({ ipcMain, engine, isTrustedUrl: isAppUrl, onCallResult: (m) => seen.push(m) });
  const page = new FakeWebContents();
  const call = (method: string, input: unknown, url: string | null = APP_INDEX_URL) =>
    ipcMain.invoke(methodChannel(method as never), url, page, input);
  return { engine, ipc, page, call, seen };
}

describe('ipcTransport', () => {
  beforeEach(() => resetFakeElectron());

  it('registers every contract method exactly once, plus the subscribe channel, and nothing else', () => {
    const { ipc } = setup();
    const expected = [...METHOD_NAMES.map((m) => methodChannel(m)), SUBSCRIBE_CHANNEL];
    expect([...ipcMain.registrations].sort()).toEqual(expected.sort());
    expect(new Set(ipcMain.registrations).size).toBe(ipcMain.registrations.length);
    ipc.dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('passes a valid call to the engine and returns its Result', async () => {
    const { engine, call, seen } = setup();
    engine.responses.set('tunnels.start', () => ok({ started: true }));
    await expect(call('tunnels.start', { profileId: 'orders' })).resolves.toEqual(ok({ started: true }));
    expect(engine.calls).toEqual([{ method: 'tunnels.start', input: { profileId: 'orders' } }]);
    expect(seen).toEqual(['tunnels.start']);
  });

  it.each([
    ['a foreign https page', 'https://evil.example/'],
    ['a file:// page', 'file:///etc/passwd'],
    ['a look-alike host', 'app://bastionless.evil/index.html'],
    ['a destroyed frame', null],
    ['garbage', 'not a url'],
  ])('rejects %s with UNAUTHORIZED without calling the engine', async (_name, url) => {
    const { engine, call } = setup();
    const r = (await call('tunnels.stopAll', {}, url)) as { ok: boolean; error: { code: string } };
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('UNAUTHORIZED');
    expect(engine.calls).toEqual([]);
  });

  it('rejects malformed input before the engine: PROFILE_INVALID for profiles, INVALID_ARGUMENT otherwise', async () => {
    const { engine, call } = setup();
    const badProfile = (await call('profiles.save', { ...makeProfile('x'), remotePort: 70000 })) as {
      error: { code: string; message: string };
    };
    expect(badProfile.error.code).toBe('PROFILE_INVALID');
    expect(badProfile.error.message).toContain('remotePort');
    for (const [method, input] of [
      ['tunnels.start', {}],
      ['tunnels.start', { profileId: 42 }],
      ['tunnels.stop', 'orders'],
      ['tunnels.stopAll', { extra: true }],
      ['settings.set', { closeToTray: 'yes' }],
      ['prompts.answer', { promptId: 'p', value: 'x'.repeat(2000) }],
    ] as const) {
      const r = (await call(method, input)) as { ok: boolean; error: { code: string } };
      expect([method, r.ok, r.error.code]).toEqual([method, false, 'INVALID_ARGUMENT']);
    }
    expect(engine.calls).toEqual([]);
  });

  it('turns an engine that throws into an INTERNAL Result', async () => {
    const { engine, call } = setup();
    engine.responses.set('tunnels.stopAll', () => {
      throw new Error('boom');
    });
    await expect(call('tunnels.stopAll', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('forwards subscribed events to the page, tagged with the subscription id, until unsubscribed', async () => {
    const { engine, page } = setup();
    const sub = (op: string, id: unknown, event = 'engine.update', url: string | null = APP_INDEX_URL) =>
      ipcMain.invoke(SUBSCRIBE_CHANNEL, url, page, { op, event, id });
    await expect(sub('subscribe', 7)).resolves.toEqual(ok(null));
    const channel = eventChannel('engine.update');
    expect(page.sent).toEqual([{ channel, args: [7, { kind: 'snapshot', profiles: [], tunnels: [] }] }]);
    engine.emit('engine.update', { kind: 'profiles', profiles: [] });
    expect(page.sent).toHaveLength(2);
    await sub('unsubscribe', 7);
    engine.emit('engine.update', { kind: 'profiles', profiles: [] });
    expect(page.sent).toHaveLength(2);
    expect(engine.subscriberCount('engine.update')).toBe(0);
    // Bad requests and foreign pages get nothing.
    await expect(sub('subscribe', 8, 'engine.secrets')).resolves.toMatchObject({
      error: { code: 'INVALID_ARGUMENT' },
    });
    await expect(sub('subscribe', -1)).resolves.toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
    await expect(sub('subscribe', 9, 'engine.update', 'https://evil.example/')).resolves.toMatchObject({
      error: { code: 'UNAUTHORIZED' },
    });
    expect(engine.subscriberCount('engine.update')).toBe(0);
  });

  it('drops a page’s subscriptions when its webContents is destroyed', async () => {
    const { engine, page } = setup();
    await ipcMain.invoke(SUBSCRIBE_CHANNEL, APP_INDEX_URL, page, {
      op: 'subscribe',
      event: 'engine.prompt',
      id: 1,
    });
    expect(engine.subscriberCount('engine.prompt')).toBe(1);
    page.destroy();
    expect(engine.subscriberCount('engine.prompt')).toBe(0);
  });
});
