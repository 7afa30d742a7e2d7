/**
 * The Electron composition root's body (main.ts only supplies the engine factory): single-instance
 * lock, app:// protocol, session hardening, the engine in this process, one window, tray, notifications,
 * prompts, and quit. Lifecycle:
 *   start → lock (or quit) → ready → engine → IPC + tray + notifier → window (hidden when launched at login)
 *   close window → hide to tray when closeToTray (setting; default on for Windows and macOS), else quit
 *   Quit (tray, menu, OS) → stop every tunnel (bounded by QUIT_STOP_TIMEOUT_MS) → close engine → exit
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  app,
  BrowserWindow,
  clipboard,
  ipcMain,
  Menu,
  Notification,
  powerMonitor,
  protocol,
  session,
  shell,
  Tray,
} from 'electron';
import type { Settings } from '../../shared/contract/api.js';
import type { EngineHost } from '../engine/api/engineHost.js';
import type { SystemEvents } from '../engine/ports/systemEvents.js';
import { APP_INDEX_URL, APP_SCHEME, isAppUrl } from './appOrigin.js';
import { createAppProtocolHandler } from './appProtocol.js';
import { ExternalLinks } from './externalLinks.js';
import { registerIpc } from './ipcTransport.js';
import { createShellLauncher, type ShellLauncher } from './launcher.js';
import { applyStartAtLogin, HIDDEN_ARG } from './loginItem.js';
import { guardSession, guardWebContents, mainWindowOptions } from './mainWindow.js';
import { NotificationPolicy, TunnelNotifier } from './notifications.js';
import { electronSystemEvents } from './powerEvents.js';
import { PromptPresenter } from './prompts.js';
import { TrayController, type TrayMenuItem } from './trayController.js';

export { HIDDEN_ARG } from './loginItem.js';

/** Stopping tunnels sends TerminateSession per session; with the network gone that must not hang Quit. */
export const QUIT_STOP_TIMEOUT_MS = 5_000;

export interface ShellEngine extends EngineHost {
  close(): Promise<void>;
}

export interface EngineFactoryInput {
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly launcher: ShellLauncher;
  /** Wake from sleep / screen unlock from powerMonitor, for the tunnel supervisor. */
  readonly systemEvents: SystemEvents;
}

export interface ShellOptions {
  readonly createEngine: (input: EngineFactoryInput) => Promise<ShellEngine>;
  readonly platform?: NodeJS.Platform;
  readonly argv?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Where the shell reports what it refused or failed at (never secrets). */
  readonly log?: (message: string) => void;
  /** Home directory for the Linux autostart entry (tests point it at a temp dir). */
  readonly homeDir?: string;
  /** Quit cleanly on SIGINT/SIGTERM (default true; tests turn it off). */
  readonly handleSignals?: boolean;
}

export interface ShellHandle {
  readonly engine: ShellEngine;
  readonly tray: TrayController;
  window(): BrowserWindow | undefined;
  revealWindow(): void;
  closeToTray(): boolean;
  /** Resolves when a quit has stopped the tunnels and closed the engine. */
  readonly stopped: Promise<void>;
}

export const defaultCloseToTray = (platform: NodeJS.Platform): boolean =>
  platform === 'win32' || platform === 'darwin';

export function registerAppScheme(): void {
  // Must run before 'ready'. standard+secure gives the page a real origin ('self' in the CSP works);
  // corsEnabled because vite emits <script type="module" crossorigin>, which is a CORS-mode fetch.
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

async function withTimeout(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    p.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}

export async function startShell(options: ShellOptions): Promise<ShellHandle | undefined> {
  const platform = options.platform ?? process.platform;
  const argv = options.argv ?? process.argv;
  const log = options.log ?? ((m: string) => process.stderr.write(`bastionless: ${m}\n`));

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }
  registerAppScheme();
  await app.whenReady();

  const root = app.getAppPath();
  const icon = (name: string): string => join(root, 'build', 'icons', name);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(root, 'dist', 'renderer')));
  guardSession(session.defaultSession);
  const links = new ExternalLinks(
    (url) => shell.openExternal(url),
    (url) => log(`refused to open ${new URL(url, 'invalid:/').protocol} link`),
  );
  app.on('web-contents-created', (_e, wc) => guardWebContents(wc, (url) => void links.open(url)));

  const engine = await options.createEngine({
    dataDir: app.getPath('userData'),
    env: options.env ?? process.env,
    launcher: createShellLauncher(links, clipboard),
    systemEvents: electronSystemEvents(powerMonitor),
  });

  let closeToTray = defaultCloseToTray(platform);
  let quitting = false;
  let win: BrowserWindow | undefined;
  const applySettings = (s: Settings): void => {
    closeToTray = s.closeToTray;
    try {
      applyStartAtLogin(s.startAtLogin, {
        platform,
        env: options.env ?? process.env,
        homeDir: options.homeDir ?? homedir(),
        execPath: process.execPath,
        setLoginItemSettings: (x) => app.setLoginItemSettings(x),
        writeFile: (path, text) => {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, text, { mode: 0o644 });
        },
        removeFile: (path) => rmSync(path, { force: true }),
      });
    } catch (e: unknown) {
      log(`start at login not applied: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const ipc = registerIpc({
    ipcMain,
    engine,
    isTrustedUrl: isAppUrl,
    onCallResult: (method, value) => {
      if (method === 'settings.set' || method === 'settings.get') applySettings(value as Settings);
    },
  });

  const createWindow = (): BrowserWindow => {
    const w = new BrowserWindow(
      mainWindowOptions({
        preloadPath: join(root, 'dist', 'preload', 'preload.cjs'),
        iconPath: icon('icon-512.png'),
        devTools: !app.isPackaged,
      }),
    );
    w.on('close', (e) => {
      if (closeToTray && !quitting) {
        e.preventDefault();
        w.hide();
      }
    });
    w.on('closed', () => {
      if (win === w) win = undefined;
    });
    void w.loadURL(APP_INDEX_URL).catch((e: unknown) => log(`window failed to load: ${String(e)}`));
    return w;
  };
  const revealWindow = (): void => {
    win ??= createWindow();
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  const notify = (title: string, body: string, onClick: () => void): { close(): void } => {
    if (!Notification.isSupported()) return { close() {} };
    const n = new Notification({ title, body, icon: icon('icon-512.png') });
    n.on('click', onClick);
    n.show();
    return n;
  };

  const tray = new TrayController({
    engine,
    createTray: (path) => new Tray(path),
    buildMenu: (template: TrayMenuItem[]) => Menu.buildFromTemplate(template.map((i) => ({ ...i }))),
    iconPath: (state) => icon(`tray-${state}.png`),
    platform,
    onOpen: revealWindow,
    onQuit: () => app.quit(),
    onActionError: (message) => notify('Bastionless', message, revealWindow),
  });
  const notifier = new TunnelNotifier(engine, new NotificationPolicy(() => Date.now()), (n) =>
    notify(n.title, n.body, revealWindow),
  );
  const prompts = new PromptPresenter({
    engine,
    revealWindow,
    registerUrl: (url) => links.register(url),
    notify: (n) =>
      notify(n.title, n.body, () => {
        if (n.onClick === 'open-window') revealWindow();
        else void links.open(n.onClick.openUrl);
      }),
  });

  let resolveStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  let shutdownStarted = false;
  let shutdownDone = false;
  app.on('before-quit', (e) => {
    quitting = true;
    if (shutdownDone) return;
    e.preventDefault();
    if (shutdownStarted) return;
    shutdownStarted = true;
    void (async () => {
      prompts.dispose();
      notifier.dispose();
      tray.dispose();
      await withTimeout(engine.call('tunnels.stopAll', {}), QUIT_STOP_TIMEOUT_MS);
      await withTimeout(engine.close(), QUIT_STOP_TIMEOUT_MS);
      ipc.dispose();
      shutdownDone = true;
      resolveStopped();
      app.quit();
    })();
  });
  app.on('window-all-closed', () => {
    if (!closeToTray) app.quit();
  });
  app.on('second-instance', () => revealWindow());
  app.on('activate', () => revealWindow());
  if (options.handleSignals ?? true) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
  }

  const settings = await engine.call('settings.get', {});
  if (settings.ok) applySettings(settings.value as Settings);
  else log(`settings unavailable (${settings.error.code}); using defaults`);

  const startHidden = argv.includes(HIDDEN_ARG) || app.getLoginItemSettings().wasOpenedAtLogin;
  win = createWindow();
  if (!startHidden) win.once('ready-to-show', () => win?.show());

  return {
    engine,
    tray,
    window: () => win,
    revealWindow,
    closeToTray: () => closeToTray,
    stopped,
  };
}
