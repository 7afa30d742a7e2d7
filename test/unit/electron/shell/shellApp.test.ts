import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { methodChannel } from '../../../../shared/contract/channels.js';
import { ok } from '../../../../shared/contract/result.js';
import { APP_INDEX_URL } from '../../../../electron/shell/appOrigin.js';
import {
  HIDDEN_ARG,
  startShell,
  type EngineFactoryInput,
  type ShellHandle,
} from '../../../../electron/shell/shellApp.js';
import {
  BrowserWindow,
  Notification,
  powerMonitor,
  Tray,
  app,
  fakeEvent,
  ipcMain,
  protocol,
  resetFakeElectron,
} from '../../../fakes/electron.js';
import { FakeEngine, makeProfile, makeTunnel } from './fakeEngine.js';

const home = mkdtempSync(join(tmpdir(), 'bl-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const autostart = join(home, '.config', 'autostart', 'bastionless.desktop');

async function start(opts: { platform?: NodeJS.Platform; closeToTray?: boolean; argv?: string[] } = {}) {
  const engine = new FakeEngine();
  engine.profiles = [makeProfile('orders', { name: 'Orders DB', kind: 'database' })];
  engine.tunnels = [makeTunnel('orders', 'open')];
  if (opts.closeToTray !== undefined) {
    engine.responses.set('settings.get', () =>
      ok({ closeToTray: opts.closeToTray, startAtLogin: true, theme: 'system' }),
    );
  }
  const logs: string[] = [];
  const factoryInputs: unknown[] = [];
  const handle = (await startShell({
    createEngine: (input) => {
      factoryInputs.push(input);
      return Promise.resolve(engine);
    },
    platform: opts.platform ?? 'linux',
    argv: opts.argv ?? ['electron', '.'],
    env: { HOME: '/home/u' },
    homeDir: home,
    log: (m) => logs.push(m),
    handleSignals: false,
  })) as ShellHandle;
  return { engine, handle, logs, factoryInputs, win: BrowserWindow.instances[0]! };
}

describe('shell app (fake electron)', () => {
  beforeEach(() => resetFakeElectron());

  it('a second instance quits immediately without creating an engine', async () => {
    app.gotLock = false;
    let created = false;
    const handle = await startShell({
      createEngine: () => {
        created = true;
        return Promise.resolve(new FakeEngine());
      },
      handleSignals: false,
    });
    expect(handle).toBeUndefined();
    expect(created).toBe(false);
    expect(app.quitted).toBe(true);
  });

  it('wires engine, protocol, IPC, hardened window, tray and login item', async () => {
    const { engine, win, factoryInputs } = await start();
    expect(factoryInputs).toMatchObject([{ dataDir: '/fake/userData', env: { HOME: '/home/u' } }]);
    // powerMonitor reaches the engine's supervisor as wake events.
    let wakes = 0;
    (factoryInputs[0] as EngineFactoryInput).systemEvents.onWake(() => wakes++);
    powerMonitor.emit('resume');
    expect(wakes).toBe(1);
    expect(protocol.privileged).toEqual([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
      },
    ]);
    expect(protocol.handlers.has('app')).toBe(true);
    expect(ipcMain.handlers.has(methodChannel('tunnels.start'))).toBe(true);
    expect(win.loadedUrl).toBe(APP_INDEX_URL);
    expect(win.options['webPreferences']).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      preload: '/fake/app/dist/preload/preload.cjs',
      devTools: true,
    });
    // The guard is installed on every webContents the app creates.
    const nav = fakeEvent();
    win.webContents.emit('will-navigate', nav, 'https://evil.example/');
    expect(nav.defaultPrevented).toBe(true);
    expect(win.webContents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(Tray.instances[0]!.image).toBe('/fake/app/build/icons/tray-up.png');
    expect(engine.callsOf('settings.get')).toEqual([{}]);
    expect(existsSync(autostart)).toBe(false);
  });

  it('closing the window hides it to the tray when closeToTray is on; tunnels keep running', async () => {
    const { engine, handle, win } = await start({ closeToTray: true });
    win.show();
    win.close();
    expect(win.destroyed).toBe(false);
    expect(win.visible).toBe(false);
    expect(app.quitCalls).toBe(0);
    expect(engine.callsOf('tunnels.stopAll')).toEqual([]);
    handle.revealWindow();
    expect(win.visible).toBe(true);
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('with closeToTray off, closing the window quits, and quitting stops every tunnel first', async () => {
    const { engine, handle, win } = await start({ closeToTray: false });
    // Linux has no login-item API: an XDG autostart entry that starts hidden.
    expect(readFileSync(autostart, 'utf8')).toMatch(new RegExp(`^Exec=.+ ${HIDDEN_ARG}$`, 'm'));
    win.close();
    expect(win.destroyed).toBe(true);
    expect(app.quitted).toBe(false); // held until tunnels are stopped
    await handle.stopped;
    expect(engine.callsOf('tunnels.stopAll')).toEqual([{}]);
    expect(engine.closed).toBe(true);
    expect(app.quitted).toBe(true);
    expect(Tray.instances[0]!.destroyed).toBe(true);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('tray Quit stops all tunnels and exits even when the window hides to tray', async () => {
    const { engine, handle } = await start({ closeToTray: true });
    const quit = Tray.instances[0]!.menu!.items.find((i) => i['id'] === 'action:quit') as {
      click: () => void;
    };
    quit.click();
    quit.click(); // a second click while stopping does not stop twice
    await handle.stopped;
    expect(engine.callsOf('tunnels.stopAll')).toEqual([{}]);
    expect(app.quitted).toBe(true);
  });

  it('settings.set from the page updates close-to-tray and the login item', async () => {
    const { engine, handle, win } = await start({ platform: 'win32' });
    engine.responses.set('settings.set', () => ok({ closeToTray: false, startAtLogin: true, theme: 'dark' }));
    const r = await ipcMain.invoke(methodChannel('settings.set'), APP_INDEX_URL, win.webContents, {
      closeToTray: false,
      startAtLogin: true,
    });
    expect(r).toMatchObject({ ok: true });
    expect(handle.closeToTray()).toBe(false);
    expect(app.loginItem).toEqual({ openAtLogin: true, args: [HIDDEN_ARG] });
  });

  it('defaults close-to-tray by platform when settings are unavailable', async () => {
    for (const [platform, expected] of [
      ['win32', true],
      ['darwin', true],
      ['linux', false],
    ] as const) {
      resetFakeElectron();
      const engine = new FakeEngine();
      engine.responses.set('settings.get', () => ({
        ok: false,
        error: { code: 'INTERNAL', message: 'x', retryable: false, needsLogin: false },
      }));
      const handle = (await startShell({
        createEngine: () => Promise.resolve(engine),
        platform,
        homeDir: home,
        log: () => {},
        handleSignals: false,
      }))!;
      expect([platform, handle.closeToTray()]).toEqual([platform, expected]);
    }
  });

  it('a start at login stays in the tray; a second instance reveals the window', async () => {
    const { win } = await start({ argv: ['electron', '.', HIDDEN_ARG] });
    win.emit('ready-to-show');
    expect(win.visible).toBe(false);
    app.emit('second-instance');
    expect(win.visible).toBe(true);
  });

  it('a tunnel failure becomes an OS notification', async () => {
    const { engine } = await start();
    engine.setTunnel(makeTunnel('orders', 'failed', { name: 'Orders DB' }));
    expect(Notification.shown.map((n) => n.options.title)).toEqual(['Orders DB failed']);
  });
});
