/**
 * The one hardened BrowserWindow (architecture §9.3 "Window hardening"): context isolation, sandbox,
 * no Node in the page, no webviews; every navigation and new window denied (external http(s) links are
 * handed to the ExternalLinks allowlist instead); every permission denied; every request that is not
 * our own app:// origin (or an inline data: image) cancelled, so no remote content can load; the CSP
 * from build/csp.ts added to every response.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_CSP } from '../../build/csp.js';
import { isAppUrl } from './appOrigin.js';

export interface WindowOptionsInput {
  readonly preloadPath: string;
  readonly iconPath?: string;
  /** Devtools only in development builds. */
  readonly devTools: boolean;
}

export function mainWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Bastionless',
    backgroundColor: '#111827',
    ...(input.iconPath !== undefined ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: input.devTools,
    },
  };
}

export interface PreventableEvent {
  preventDefault(): void;
}

export interface GuardedWebContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (e: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (e: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Deny navigation, redirects away from the app, webviews and window.open; hand links to `openLink`. */
export function guardWebContents(wc: GuardedWebContents, openLink: (url: string) => void): void {
  wc.on('will-navigate', (e, url) => {
    e.preventDefault();
    if (!isAppUrl(url)) openLink(url);
  });
  wc.on('will-redirect', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    if (!isAppUrl(url)) openLink(url);
    return { action: 'deny' };
  });
}

type HeaderMap = Record<string, string[] | string>;

export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (
      wc: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (wc: unknown, permission: string, requestingOrigin: string) => boolean,
  ): void;
  readonly webRequest: {
    onBeforeRequest(
      listener: (details: { url: string }, callback: (r: { cancel: boolean }) => void) => void,
    ): void;
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: HeaderMap },
        callback: (r: { responseHeaders: HeaderMap }) => void,
      ) => void,
    ): void;
  };
}

/** What the page may load: its own origin, inline data: images, and devtools when they are enabled. */
export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  return url.startsWith('data:') || url.startsWith('devtools://');
}

/**
 * Every permission is denied except writing the clipboard from our own page ("copy connection
 * string" uses navigator.clipboard.writeText). Camera, geolocation, notifications from the page, etc.: no.
 */
export function isPermissionGranted(permission: string, requestingUrl: string | undefined): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}

export function guardSession(session: GuardedSession, csp: string = APP_CSP): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(isPermissionGranted(permission, details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_wc, permission, origin) => isPermissionGranted(permission, origin));
  session.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !isAllowedRequest(details.url) }),
  );
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: HeaderMap = { ...(details.responseHeaders ?? {}) };
    for (const k of Object.keys(headers))
      if (k.toLowerCase() === 'content-security-policy') delete headers[k];
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
}
