/**
 * A fake `electron` module for main-process unit tests (architecture §9.4), aliased in
 * vitest.config.ts (unit project): `import { app } from 'electron'` resolves here under vitest.
 * Implements only what electron/shell uses, records what the shell did, and lets tests drive events
 * (ipcMain.invoke with a chosen senderFrame, tray clicks, window close, app quit). Call
 * resetFakeElectron() in beforeEach.
 */
import { EventEmitter } from 'node:events';

export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(): FakeEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

class FakeApp extends EventEmitter {
  gotLock = true;
  quitCalls = 0;
  quitted = false;
  isPackaged = false;
  appPath = '/fake/app';
  loginItem: { openAtLogin: boolean; args?: string[] } = { openAtLogin: false };
  wasOpenedAtLogin = false;

  requestSingleInstanceLock(): boolean {
    return this.gotLock;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getAppPath(): string {
    return this.appPath;
  }
  getPath(name: string): string {
    return `/fake/${name}`;
  }
  setLoginItemSettings(s: { openAtLogin: boolean; args?: string[] }): void {
    this.loginItem = s;
  }
  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { openAtLogin: this.loginItem.openAtLogin, wasOpenedAtLogin: this.wasOpenedAtLogin };
  }
  /** Like Electron: 'before-quit' may be prevented; otherwise the app quits. */
  quit(): void {
    this.quitCalls++;
    const e = fakeEvent();
    this.emit('before-quit', e);
    if (!e.defaultPrevented) {
      this.quitted = true;
      this.emit('will-quit', fakeEvent());
    }
  }
  reset(): void {
    this.removeAllListeners();
    this.gotLock = true;
    this.quitCalls = 0;
    this.quitted = false;
    this.isPackaged = false;
    this.appPath = '/fake/app';
    this.loginItem = { openAtLogin: false };
    this.wasOpenedAtLogin = false;
  }
}
export const app = new FakeApp();

export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  destroyed = false;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((d: { url: string }) => { action: string }) | undefined;
  url = '';
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void {
    this.windowOpenHandler = h;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
  getURL(): string {
    return this.url;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  destroyed = false;
  loadedUrl: string | undefined;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
    app.emit('web-contents-created', fakeEvent(), this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.url = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {}
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  isVisible(): boolean {
    return this.visible;
  }
  /** What the user clicking the close button does: 'close' (preventable), then 'closed'. */
  close(): void {
    const e = fakeEvent();
    this.emit('close', e);
    if (e.defaultPrevented) return;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
    if (BrowserWindow.instances.every((w) => w.destroyed)) app.emit('window-all-closed');
  }
}

type Handler = (event: never, ...args: unknown[]) => unknown;
class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  readonly registrations: string[] = [];
  handle(channel: string, h: Handler): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, h);
    this.registrations.push(channel);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Test driver: what ipcRenderer.invoke(channel, ...args) from a page at `frameUrl` would do. */
  invoke(
    channel: string,
    frameUrl: string | null,
    sender: FakeWebContents,
    ...args: unknown[]
  ): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (h === undefined) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    const event = { senderFrame: frameUrl === null ? null : { url: frameUrl }, sender };
    return Promise.resolve(h(event as never, ...args));
  }
  reset(): void {
    this.handlers.clear();
    this.registrations.length = 0;
  }
}
export const ipcMain = new FakeIpcMain();

export interface FakeMenu {
  readonly items: readonly Record<string, unknown>[];
}
export const Menu = {
  buildFromTemplate(template: Record<string, unknown>[]): FakeMenu {
    return { items: template };
  },
};

export class Tray extends EventEmitter {
  static readonly instances: Tray[] = [];
  image: string;
  tooltip = '';
  menu: FakeMenu | undefined;
  menuBuilds = 0;
  destroyed = false;
  constructor(image: string) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: string): void {
    this.image = image;
  }
  setToolTip(t: string): void {
    this.tooltip = t;
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
    this.menuBuilds++;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class Notification extends EventEmitter {
  static readonly shown: Notification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return Notification.supported;
  }
  closed = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show(): void {
    Notification.shown.push(this);
  }
  close(): void {
    this.closed = true;
  }
}

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (req: { url: string }) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, h: (req: { url: string }) => Promise<Response>): void {
    this.handlers.set(scheme, h);
  },
};

type Listener = (...args: never[]) => void;
export const session = {
  defaultSession: {
    permissionRequestHandler: undefined as Listener | undefined,
    permissionCheckHandler: undefined as Listener | undefined,
    beforeRequest: undefined as Listener | undefined,
    headersReceived: undefined as Listener | undefined,
    setPermissionRequestHandler(h: Listener): void {
      this.permissionRequestHandler = h;
    },
    setPermissionCheckHandler(h: Listener): void {
      this.permissionCheckHandler = h;
    },
    webRequest: {
      onBeforeRequest(h: Listener): void {
        session.defaultSession.beforeRequest = h;
      },
      onHeadersReceived(h: Listener): void {
        session.defaultSession.headersReceived = h;
      },
    },
  },
};

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  },
};

export const clipboard = {
  text: '',
  writeText(t: string): void {
    this.text = t;
  },
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

export const ipcRenderer = {
  invoked: [] as { channel: string; args: unknown[] }[],
  listeners: new Map<string, Set<(e: unknown, ...a: unknown[]) => void>>(),
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return Promise.resolve({ ok: true, value: null });
  },
  on(channel: string, l: (e: unknown, ...a: unknown[]) => void): void {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(l);
    this.listeners.set(channel, set);
  },
  removeListener(channel: string, l: (e: unknown, ...a: unknown[]) => void): void {
    this.listeners.get(channel)?.delete(l);
  },
};

/** powerMonitor: tests emit 'resume' / 'unlock-screen'. */
export const powerMonitor = new EventEmitter();

export function resetFakeElectron(): void {
  powerMonitor.removeAllListeners();
  app.reset();
  ipcMain.reset();
  BrowserWindow.instances.length = 0;
  Tray.instances.length = 0;
  Notification.shown.length = 0;
  Notification.supported = true;
  protocol.privileged.length = 0;
  protocol.handlers.clear();
  shell.opened.length = 0;
  clipboard.text = '';
  contextBridge.exposed.clear();
  ipcRenderer.invoked.length = 0;
  ipcRenderer.listeners.clear();
  const s = session.defaultSession;
  s.permissionRequestHandler = s.permissionCheckHandler = s.beforeRequest = s.headersReceived = undefined;
}

export default {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  Tray,
  Notification,
  protocol,
  session,
  shell,
  clipboard,
  contextBridge,
  ipcRenderer,
  powerMonitor,
};
