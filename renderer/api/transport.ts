/**
 * The renderer's two transports for one contract: the Electron preload bridge (window.bastionless)
 * or browser mode's WebSocket (shared/contract/wire.ts; the server's HttpOnly cookie carries the
 * token). Both implement EngineTransport, so nothing above this file knows which one is in use.
 */
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/api.js';
import { engineError } from '../../shared/contract/errors.js';
import type { EventName, EventPayload } from '../../shared/contract/events.js';
import type { Result } from '../../shared/contract/result.js';
import type { EngineTransport } from '../../shared/contract/transport.js';
import { WS_PATH, type ServerMessage } from '../../shared/contract/wire.js';

declare global {
  interface Window {
    bastionless?: EngineTransport;
  }
}

export function webSocketTransport(
  url = `ws://${location.host}${WS_PATH}`,
): EngineTransport & { onStatus(l: (up: boolean) => void): void } {
  let ws: WebSocket | undefined;
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const statusListeners = new Set<(up: boolean) => void>();
  let opened: Promise<WebSocket>;

  const connect = (): void => {
    opened = new Promise<WebSocket>((resolve) => {
      const sock = new WebSocket(url);
      ws = sock;
      sock.onopen = () => {
        retryMs = 250;
        for (const event of listeners.keys()) sock.send(JSON.stringify({ type: 'subscribe', event }));
        statusListeners.forEach((l) => l(true));
        resolve(sock);
      };
      sock.onmessage = (ev: MessageEvent<string>) => {
        const m = JSON.parse(ev.data) as ServerMessage;
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
        setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 5000);
      };
    });
  };
  connect();

  return {
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
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
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
    onStatus(l) {
      statusListeners.add(l);
    },
  };
}

export function pickTransport(): EngineTransport {
  return window.bastionless ?? webSocketTransport();
}
