/**
 * The app's own origin. The window loads the renderer from the privileged `app://bastionless/` scheme
 * (appProtocol.ts), never from file:// or the network, so "is this our page?" is one exact check on
 * scheme + host. IPC (ipcTransport.ts) and navigation guards (mainWindow.ts) both ask it.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bastionless';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** True only for a document served by our own protocol handler. Anything unparsable is foreign. */
export function isAppUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url === '') return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
