/**
 * Browser mode: serves the built renderer and the engine contract over one WebSocket, on 127.0.0.1
 * only. Every request needs the random token (in the URL it prints, then an HttpOnly SameSite=Strict
 * cookie), a Host of 127.0.0.1:<port> or localhost:<port> (DNS rebinding), and WebSocket upgrades an
 * Origin of this server. Nothing but the renderer's files and /api is served.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { buildCsp } from '../../../build/csp.js';
import { engineError } from '../../../shared/contract/errors.js';
import { isEventName, type EventName } from '../../../shared/contract/events.js';
import { MAX_WIRE_MESSAGE_BYTES, WS_PATH, type ServerMessage } from '../../../shared/contract/wire.js';
import type { EngineHost } from '../api/engineHost.js';
import { nullLogger, type Logger } from '../ports/logger.js';
import { hostAllowed, newToken, originAllowed, requestToken, tokenMatches } from './auth.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface BrowserModeServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

function deny(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

export async function startBrowserModeServer(o: {
  engine: EngineHost;
  staticDir: string;
  port?: number;
  logger?: Logger;
}): Promise<BrowserModeServer> {
  const logger = o.logger ?? nullLogger;
  const token = newToken();
  let port = 0;
  const root = normalize(o.staticDir).replace(/[\\/]+$/, '');

  const serveFile = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    } catch {
      return deny(res, 404, 'not found'); // a malformed %-escape names no file
    }
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep) || rel.includes('\0')) return deny(res, 404, 'not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return deny(res, 404, 'not found');
    }
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': buildCsp({ engineWebSocketOrigin: `ws://127.0.0.1:${port}` }),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    };
    if (url.searchParams.get('token'))
      headers['set-cookie'] = `bl_token=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers);
    res.end(body);
  };

  const server = createServer((req, res) => {
    if (!hostAllowed(req, port)) return deny(res, 403, 'forbidden host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'method not allowed');
    if (!tokenMatches(token, requestToken(req))) return deny(res, 403, 'missing or wrong token');
    serveFile(req, res).catch(() => deny(res, 500, 'error'));
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_WIRE_MESSAGE_BYTES,
    perMessageDeflate: false,
  });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const ok =
      path === WS_PATH &&
      hostAllowed(req, port) &&
      originAllowed(req, port) &&
      tokenMatches(token, requestToken(req));
    if (!ok) {
      logger.log('warn', 'refused a browser-mode connection', {
        host: String(req.headers.host),
        origin: String(req.headers.origin ?? ''),
      });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, o.engine));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/?token=${token}`;
  return {
    url,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One browser tab: calls in, results and subscribed events out. */
function serveSocket(ws: WebSocket, engine: EngineHost): void {
  const subs = new Map<EventName, () => void>();
  const send = (m: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
  };
  ws.on('message', (data, isBinary) => {
    let m: unknown;
    try {
      m = isBinary
        ? undefined
        : JSON.parse(
            Buffer.isBuffer(data)
              ? data.toString('utf8')
              : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'),
          );
    } catch {
      m = undefined;
    }
    if (typeof m !== 'object' || m === null) return ws.close(1003, 'bad message');
    const msg = m as Record<string, unknown>;
    if (msg['type'] === 'call' && Number.isSafeInteger(msg['id'])) {
      const id = msg['id'] as number;
      // A call we can answer (it has an id) but whose method is not a string gets an error Result;
      // the engine answers unknown methods and bad input itself.
      if (typeof msg['method'] !== 'string')
        send({
          type: 'result',
          id,
          result: { ok: false, error: engineError('INVALID_ARGUMENT', 'method must be a string') },
        });
      else
        void engine.call(msg['method'], msg['input']).then((result) => send({ type: 'result', id, result }));
    } else if (msg['type'] === 'subscribe' && isEventName(msg['event']) && !subs.has(msg['event'])) {
      const event = msg['event'];
      subs.set(
        event,
        engine.subscribe(event, (payload) => send({ type: 'event', event, payload })),
      );
    } else if (msg['type'] === 'unsubscribe' && isEventName(msg['event'])) {
      subs.get(msg['event'])?.();
      subs.delete(msg['event']);
    } else ws.close(1003, 'bad message');
  });
  ws.on('close', () => {
    for (const off of subs.values()) off();
    subs.clear();
  });
  ws.on('error', () => {});
}
