/**
 * The data-channel WebSocket (ssm-protocol.md §2): a thin I/O adapter around `ws`.
 *
 * - Dials the StreamUrl verbatim (its `cell-number` query contains + / =; never re-encode it) with
 *   permessage-deflate off, like the plugin's gorilla dialer (§2.1).
 * - First frame: the OpenDataChannelInput JSON as TEXT; every later frame is one BINARY message.
 * - Pings every 30 s; no pong and no data for 2 intervals ⇒ the link is dead (§2.2: the plugin never
 *   notices a silently dead socket, §15 pitfall 15).
 * - Any close — including MGS's `1000 Bye` (§15 pitfall 3) — is reported as a drop; only a
 *   channel_closed message ends a session, and that is the channel's business, not ours.
 */
import { EngineFailure } from '../aws/engineFailure.js';
import type { Agent } from 'node:http';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { engineError, type EngineError } from '../../../shared/contract/errors.js';
import type { Clock, TimerHandle } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { corkForTick } from '../ports/corkForTick.js';

/** §2.2 recommendation: ping every 30–60 s. */
export const DEFAULT_PING_INTERVAL_MS = 30_000;
/** gorilla DefaultDialer HandshakeTimeout (§2.1). */
export const OPEN_TIMEOUT_MS = 45_000;
/** After close(): how long the peer gets to answer the close frame before the socket is destroyed. */
const CLOSE_GRACE_MS = 1_000;

export interface DataChannelSocketOptions {
  readonly url: string;
  readonly tokenValue: string;
  /** Generated once per session and reused on every reconnect (§2.1). */
  readonly clientId: string;
  /** Fresh per connection attempt. */
  readonly requestId: string;
  readonly clientVersion: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly pingIntervalMs?: number;
  /** Extra upgrade headers, e.g. SigV4 for `ssmmessages` (§2.4); supplied by the aws layer. */
  readonly upgradeHeaders?: (url: string) => Promise<Record<string, string>>;
  /** e.g. an HTTPS proxy agent. */
  readonly agent?: Agent;
}

export interface SocketHandlers {
  readonly onMessage: (frame: Buffer) => void;
  /** Called once when the socket is gone for any reason after it opened. */
  readonly onClose: (error: EngineError) => void;
}

export interface DataChannelSocket {
  send(frame: Buffer): void;
  /** Bytes queued in the socket but not yet written to the kernel. */
  readonly bufferedAmount: number;
  /** Stops/starts reading the TCP connection (smux receive budget, §11.2). */
  pauseReading(): void;
  resumeReading(): void;
  close(): void;
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export async function openDataChannelSocket(
  o: DataChannelSocketOptions,
  handlers: SocketHandlers,
): Promise<DataChannelSocket> {
  const headers = o.upgradeHeaders ? await o.upgradeHeaders(o.url) : undefined;
  const ws = new WebSocket(o.url, {
    perMessageDeflate: false,
    handshakeTimeout: OPEN_TIMEOUT_MS,
    ...(headers ? { headers } : {}),
    ...(o.agent ? { agent: o.agent } : {}),
  });
  ws.binaryType = 'nodebuffer';

  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error): void => {
      cleanup();
      reject(EngineFailure.of(engineError('DATA_CHANNEL_LOST', `data channel connect failed: ${e.message}`)));
    };
    const onUnexpected = (_req: unknown, res: { statusCode?: number }): void => {
      cleanup();
      ws.terminate();
      const status = res.statusCode ?? 0;
      reject(
        EngineFailure.of(
          engineError(
            status >= 400 && status < 500 ? 'DATA_CHANNEL_REJECTED' : 'DATA_CHANNEL_LOST',
            `data channel upgrade refused with HTTP ${status}`,
            { detail: { status } },
          ),
        ),
      );
    };
    const onOpen = (): void => {
      cleanup();
      resolve();
    };
    const cleanup = (): void => {
      ws.off('error', onError);
      ws.off('open', onOpen);
      ws.off('unexpected-response', onUnexpected);
    };
    ws.on('error', onError);
    ws.on('open', onOpen);
    ws.on('unexpected-response', onUnexpected);
  });

  // §2.1 OpenDataChannelInput, field order as Go marshals it.
  ws.send(
    JSON.stringify({
      MessageSchemaVersion: '1.0',
      RequestId: o.requestId,
      TokenValue: o.tokenValue,
      ClientId: o.clientId,
      ClientVersion: o.clientVersion,
    }),
  );

  let closed = false;
  let heard = true;
  let silentIntervals = 0;
  let pingTimer: TimerHandle | undefined;
  let killTimer: TimerHandle | undefined;
  const interval = o.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;

  const finish = (error: EngineError): void => {
    if (closed) return;
    closed = true;
    if (pingTimer !== undefined) o.clock.clearTimer(pingTimer);
    pingTimer = undefined;
    handlers.onClose(error);
  };
  const ping = (): void => {
    pingTimer = undefined;
    if (closed) return;
    silentIntervals = heard ? 0 : silentIntervals + 1;
    heard = false;
    if (silentIntervals >= 2) {
      o.logger.log('warn', 'data channel silent for 2 ping intervals; treating it as lost');
      ws.terminate();
      finish(engineError('DATA_CHANNEL_LOST', 'data channel stopped answering pings'));
      return;
    }
    ws.ping('keepalive');
    pingTimer = o.clock.setTimer(ping, interval);
  };
  pingTimer = o.clock.setTimer(ping, interval);

  ws.on('message', (data) => {
    heard = true;
    handlers.onMessage(toBuffer(data));
  });
  ws.on('pong', () => {
    heard = true;
  });
  ws.on('error', (e) => {
    o.logger.log('debug', 'data channel socket error', { error: e.message });
  });
  ws.on('close', (code, reason) => {
    if (killTimer !== undefined) o.clock.clearTimer(killTimer);
    killTimer = undefined;
    const text = reason.toString('utf8');
    finish(
      engineError('DATA_CHANNEL_LOST', `data channel closed (${code}${text ? ` ${text}` : ''})`, {
        detail: { code, reason: text },
      }),
    );
  });

  // ws's underlying TCP socket (its private `_socket` field in ws 8; without it: no batching). All
  // frames sent in one tick (a 64 KiB local read = 64 messages, plus acks) leave in one writev().
  const raw = (ws as unknown as { _socket?: Socket })._socket;
  return {
    send(frame) {
      if (closed || ws.readyState !== WebSocket.OPEN) return;
      if (raw) corkForTick(raw);
      ws.send(frame, { binary: true });
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    pauseReading() {
      ws.pause();
    },
    resumeReading() {
      ws.resume();
    },
    close() {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000, 'Bye');
      finish(engineError('CANCELLED', 'data channel closed locally'));
      // Don't leave a half-closed socket behind if the peer never answers the close frame.
      if (killTimer === undefined && ws.readyState !== WebSocket.CLOSED)
        killTimer = o.clock.setTimer(() => ws.terminate(), CLOSE_GRACE_MS);
    },
  };
}
