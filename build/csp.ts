/**
 * The one Content-Security-Policy (architecture §9.3), used by electron/shell (response header of the
 * app:// protocol and session.webRequest) and by the browser-mode server. Boundary style: deny
 * everything, then allow exactly what the renderer needs. Keep it strict: no 'unsafe-inline', no
 * 'unsafe-eval', no remote origins. Vite's production build emits external scripts and stylesheets
 * only, so 'self' is enough.
 */
export interface CspOptions {
  /**
   * Browser mode only: the loopback WebSocket origin the renderer talks to (ws://127.0.0.1:PORT).
   * The Electron window talks over the preload bridge and needs no network at all.
   */
  readonly engineWebSocketOrigin?: string;
}

const LOOPBACK_WS = /^ws:\/\/127\.0\.0\.1:(\d{1,5}|\*)$/;

export function buildCsp(options: CspOptions = {}): string {
  const connect = ["'self'"];
  if (options.engineWebSocketOrigin !== undefined) {
    // Only a loopback ws origin may be added; anything else would open the page to the network.
    if (!LOOPBACK_WS.test(options.engineWebSocketOrigin)) {
      throw new Error(`CSP: refusing non-loopback WebSocket origin ${options.engineWebSocketOrigin}`);
    }
    connect.push(options.engineWebSocketOrigin);
  }
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The Electron window's policy: no network beyond the app's own origin. */
export const APP_CSP = buildCsp();

/** Browser mode where the port is not known in advance (dev server). Loopback only. */
export const BROWSER_MODE_CSP = buildCsp({ engineWebSocketOrigin: 'ws://127.0.0.1:*' });
