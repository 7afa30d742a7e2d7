/**
 * The data-channel gateway (MGS) on the simulator's port: `GET /v1/data-channel/<SessionId>` upgrades
 * to a WebSocket (ws, noServer). Optional `upgradeAuthenticator` (SigV4 check) runs before the
 * upgrade; without one, upgrades with or without SigV4 headers are accepted (§2.4). The first frame
 * must be TEXT `OpenDataChannelInput` with a valid, unused, unexpired TokenValue of that session,
 * The `cell-number` query value must come back exactly as issued (a client that re-encodes the
 * StreamUrl — `+` → `%2B` — gets HTTP 400; §2.1 "dial verbatim").
 * Otherwise the first-frame checks close the socket with:
 *   4000 "expected OpenDataChannelInput"  (binary / non-JSON first frame, or none within 10 s)
 *   4001 "invalid token" | 4002 "token expired" | 4003 "token already used" | 4004 "session not found"
 * Pings are answered by ws itself.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../engine/ports/logger.js';
import type { SimSession } from '../service/simSession.js';

const PATH = /^\/v1\/data-channel\/([^/?]+)(?:\?|$)/;
const TOKEN_FRAME_TIMEOUT_MS = 10_000;

export interface GatewayOptions {
  findSession(sessionId: string): SimSession | undefined;
  upgradeAuthenticator?: ((req: IncomingMessage) => { ok: true } | { ok: false; reason: string }) | undefined;
  logger: Logger;
}

export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly pending = new Set<WebSocket>();

  constructor(private readonly o: GatewayOptions) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const m = PATH.exec(req.url ?? '');
    if (m === null) return reject(socket, 404, 'Not Found');
    const sessionId = decodeURIComponent(m[1]!);
    const session = this.o.findSession(sessionId);
    const cell = rawQueryValue(req.url ?? '', 'cell-number');
    if (session !== undefined && (cell === undefined || !session.cellNumbers.has(cell))) {
      this.o.logger.log('warn', 'data-channel upgrade with a re-encoded or missing cell-number', {
        sessionId,
      });
      return reject(socket, 400, 'Bad Request');
    }
    const auth = this.o.upgradeAuthenticator?.(req);
    if (auth !== undefined && !auth.ok) {
      this.o.logger.log('warn', 'data-channel upgrade rejected', { reason: auth.reason });
      return reject(socket, 403, 'Forbidden');
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onOpen(ws, sessionId));
  }

  private onOpen(ws: WebSocket, sessionId: string): void {
    this.pending.add(ws);
    const timer = setTimeout(() => ws.close(4000, 'expected OpenDataChannelInput'), TOKEN_FRAME_TIMEOUT_MS);
    const done = (): void => {
      clearTimeout(timer);
      this.pending.delete(ws);
    };
    ws.once('close', done);
    ws.once('message', (data: Buffer, isBinary: boolean) => {
      done();
      const input = isBinary ? undefined : parseOpenInput(data);
      if (input === undefined) return ws.close(4000, 'expected OpenDataChannelInput');
      const session = this.o.findSession(sessionId);
      if (session === undefined || session.ended) return ws.close(4004, 'session not found');
      const check = session.consumeToken(input.token);
      if (check !== 'ok') {
        this.o.logger.log('info', 'data-channel token rejected', { sessionId, check });
        const text = { unknown: 'invalid token', expired: 'token expired', used: 'token already used' }[
          check
        ];
        return ws.close({ unknown: 4001, expired: 4002, used: 4003 }[check], text);
      }
      this.o.logger.log('info', 'client data channel open', {
        sessionId,
        clientVersion: input.clientVersion,
      });
      session.attachClient(ws);
    });
  }

  close(): void {
    for (const ws of this.pending) ws.terminate();
    this.pending.clear();
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}

function parseOpenInput(data: Buffer): { token: string; clientVersion: string } | undefined {
  try {
    const p = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    if (typeof p['TokenValue'] !== 'string') return undefined;
    return {
      token: p['TokenValue'],
      clientVersion: typeof p['ClientVersion'] === 'string' ? p['ClientVersion'] : '',
    };
  } catch {
    return undefined;
  }
}

/** A query parameter's value exactly as sent (not URL-decoded). */
function rawQueryValue(url: string, name: string): string | undefined {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  for (const part of url.slice(q + 1).split('&'))
    if (part.startsWith(`${name}=`)) return part.slice(name.length + 1);
  return undefined;
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
