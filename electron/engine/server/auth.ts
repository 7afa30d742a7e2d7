/**
 * Browser mode's gatekeeper. The server listens on 127.0.0.1 only; on top of that every request must
 * carry the random token, and WebSocket upgrades must come from our own Origin with our own Host
 * (a DNS-rebinding page has a foreign Host; a cross-site page has a foreign Origin).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  return allowedHosts(port).includes(String(req.headers.host ?? '').toLowerCase());
}

export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return typeof origin === 'string' && allowedHosts(port).some((h) => origin === `http://${h}`);
}

/** The token from `?token=` or the `bl_token` cookie. */
export function requestToken(req: IncomingMessage): string | undefined {
  const url = new URL(req.url ?? '/', 'http://x');
  const q = url.searchParams.get('token');
  if (q) return q;
  const cookie = /(?:^|;\s*)bl_token=([A-Za-z0-9_-]+)/.exec(String(req.headers.cookie ?? ''));
  return cookie?.[1];
}
