/**
 * Browser mode's transport: the contract over one WebSocket (shared/contract/wire.ts). The server's
 * HttpOnly cookie (or `?token=` in the URL) carries the token. Reconnects with a capped backoff and
 * re-subscribes, so the engine sends a fresh snapshot after every reconnect. Calls in flight when the
 * socket drops resolve to NETWORK_ERROR (never hang, never throw).
 */
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/api.js';
import { engineError } from '../../shared/contract/errors.js';
import type { EventName, EventPayload } from '../../shared/contract/events.js';
import type { Result } from '../../shared/contract/result.js';
import type { EngineTransport } from '../../shared/contract/transport.js';
import { WS_PATH, type ServerMessage } from '../../shared/contract/wire.js';

/** First reconnect delay: quick enough that a restarted `bastionless ui` is picked up at once. */
const RETRY_FIRST_MS = 250;
/** Cap: a stopped engine costs one connection attempt per 5 s, not a busy loop. */
const RETRY_MAX_MS = 5000;

export interface WebSocketTransport extends EngineTransport {
  onStatus(listener: (up: boolean) => void): () => void;
  /** Stops reconnecting and closes the socket (tests, page unload). */
  close(): void;
}

export function webSocketTransport(url = `ws://${location.host}${WS_PATH}`): WebSocketTransport {
  let ws: WebSocket | undefined;
  let nextId = 1;
  let retryMs = RETRY_FIRST_MS;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const statusListeners = new Set<(up: boolean) => void>();
  let opened!: Promise<WebSocket>;

  const connect = (): void => {
    opened = new Promise<WebSocket>((resolve) => {
      const sock = new WebSocket(url);
      ws = sock;
      sock.onopen = () => {
        retryMs = RETRY_FIRST_MS;
        for (const event of listeners.keys()) sock.send(JSON.stringify({ type: 'subscribe', event }));
        statusListeners.forEach((l) => l(true));
        resolve(sock);
      };
      sock.onmessage = (ev: MessageEvent<string>) => {
        const m = JSON.parse(String(ev.data)) as ServerMessage;
        if (m.type === 'result') {
          pending.get(m.id)?.(m.result);
          pending.delete(m.id);
        } else listeners.get(m.event)?.forEach((l) => l(m.payload));
      };
      sock.onclose = () => {
        statusListeners.forEach((l) => l(false));
        for (const [id, done] of pending) {
          done({ ok: false, error: engineError('NETWORK_ERROR', 'lost the connection to the engine') });
          pending.delete(id);
        }
        if (closed) return;
        retryTimer = setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      };
    });
  };
  connect();

  return {
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
      if (closed) return { ok: false, error: engineError('NETWORK_ERROR', 'transport closed') };
      const sock = await opened;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as (r: Result<unknown>) => void);
        sock.send(JSON.stringify({ type: 'call', id, method, input }));
      });
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) {
        listeners.set(event, (set = new Set()));
        if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'subscribe', event }));
      }
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
    onStatus(l) {
      statusListeners.add(l);
      return () => {
        statusListeners.delete(l);
      };
    },
    close() {
      closed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      ws?.close();
    },
  };
}
