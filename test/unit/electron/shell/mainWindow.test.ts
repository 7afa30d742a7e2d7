import { beforeEach, describe, expect, it } from 'vitest';
import { APP_CSP } from '../../../../build/csp.js';
import { APP_INDEX_URL } from '../../../../electron/shell/appOrigin.js';
import {
  guardSession,
  guardWebContents,
  isAllowedRequest,
  mainWindowOptions,
} from '../../../../electron/shell/mainWindow.js';
import { FakeWebContents, fakeEvent, resetFakeElectron, session } from '../../../fakes/electron.js';

describe('mainWindow hardening', () => {
  beforeEach(() => resetFakeElectron());

  it('window options carry every hardening flag', () => {
    const o = mainWindowOptions({ preloadPath: '/app/dist/preload/preload.cjs', devTools: false });
    expect(o.webPreferences).toEqual({
      preload: '/app/dist/preload/preload.cjs',
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
      devTools: false,
    });
    expect(o.show).toBe(false);
  });

  it('denies navigation, webviews and window.open; external links go to the link policy', () => {
    const wc = new FakeWebContents();
    const links: string[] = [];
    guardWebContents(wc, (url) => links.push(url));
    for (const url of ['https://evil.example/', APP_INDEX_URL, 'file:///etc/passwd']) {
      const e = fakeEvent();
      wc.emit('will-navigate', e, url);
      expect(e.defaultPrevented).toBe(true);
    }
    const webview = fakeEvent();
    wc.emit('will-attach-webview', webview, {}, {});
    expect(webview.defaultPrevented).toBe(true);
    const away = fakeEvent();
    wc.emit('will-redirect', away, 'https://evil.example/');
    expect(away.defaultPrevented).toBe(true);
    expect(wc.windowOpenHandler!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: `${APP_INDEX_URL}#x` })).toEqual({ action: 'deny' });
    expect(links).toEqual(['https://evil.example/', 'file:///etc/passwd', 'https://docs.example/']);
  });

  it('the session denies permissions, cancels remote requests and sets the CSP header', () => {
    const s = session.defaultSession;
    guardSession(s);
    const decide = (permission: string, requestingUrl: string) => {
      let granted: boolean | undefined;
      (s.permissionRequestHandler as (...a: unknown[]) => void)(
        {},
        permission,
        (g: boolean) => (granted = g),
        { requestingUrl },
      );
      return granted;
    };
    expect(decide('media', APP_INDEX_URL)).toBe(false);
    expect(decide('geolocation', APP_INDEX_URL)).toBe(false);
    expect(decide('notifications', APP_INDEX_URL)).toBe(false);
    expect(decide('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(decide('clipboard-sanitized-write', APP_INDEX_URL)).toBe(true);
    const check = s.permissionCheckHandler as (...a: unknown[]) => boolean;
    expect(check({}, 'media', 'app://bastionless')).toBe(false);

    const cancelled = (url: string) => {
      let r: { cancel: boolean } | undefined;
      (s.beforeRequest as (...a: unknown[]) => void)({ url }, (x: { cancel: boolean }) => (r = x));
      return r!.cancel;
    };
    expect(cancelled('https://cdn.example/lib.js')).toBe(true);
    expect(cancelled('http://127.0.0.1:9000/')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('app://bastionless/assets/index.js')).toBe(false);
    expect(isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);

    let headers: Record<string, unknown> = {};
    (s.headersReceived as (...a: unknown[]) => void)(
      { url: APP_INDEX_URL, responseHeaders: { 'content-security-policy': ['default-src *'], 'X-A': ['1'] } },
      (r: { responseHeaders: Record<string, unknown> }) => (headers = r.responseHeaders),
    );
    expect(headers).toEqual({ 'X-A': ['1'], 'Content-Security-Policy': [APP_CSP] });
  });
});
