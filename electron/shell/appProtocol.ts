/**
 * Serves the renderer bundle (dist/renderer) on app://bastionless/ (Electron security checklist:
 * "use a custom protocol instead of file://"). Resolution is pure and testable: only our host, only
 * files under the root (no traversal), extension-less paths fall back to index.html (client routes).
 * Every response carries the CSP and nosniff.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { APP_CSP } from '../../build/csp.js';
import { APP_HOST, APP_SCHEME } from './appOrigin.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

export type AssetResolution =
  | { readonly path: string; readonly contentType: string }
  | { readonly status: 404 };

export function resolveAsset(url: string, rootDir: string): AssetResolution {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { status: 404 };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return { status: 404 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return { status: 404 };
  }
  if (pathname.includes('\0')) return { status: 404 };
  const root = resolve(rootDir);
  const rel = pathname === '/' || extname(pathname) === '' ? '/index.html' : pathname;
  const path = resolve(root, `.${rel}`);
  if (!path.startsWith(root + sep)) return { status: 404 };
  const contentType = CONTENT_TYPES[extname(path).toLowerCase()];
  if (contentType === undefined) return { status: 404 };
  return { path, contentType };
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': APP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function createAppProtocolHandler(
  rootDir: string,
  read: (path: string) => Promise<Uint8Array<ArrayBuffer>> = (p) => readFile(p),
): (request: { url: string }) => Promise<Response> {
  return async (request) => {
    const found = resolveAsset(request.url, rootDir);
    if ('status' in found) return new Response('not found', { status: 404, headers: SECURITY_HEADERS });
    try {
      const body = await read(found.path);
      return new Response(body, {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'Content-Type': found.contentType },
      });
    } catch {
      return new Response('not found', { status: 404, headers: SECURITY_HEADERS });
    }
  };
}
