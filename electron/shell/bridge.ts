/**
 * What the preload exposes as `window.bastionless` (architecture §9.3): exactly `call` and
 * `subscribe`, both checked against the contract tables. No ipcRenderer, no send, no generic
 * invoke(channel), no process.env. Pure: takes an ipcRenderer-shaped object, so it is tested in Node
 * and bundled into the sandboxed preload (preload.ts) as one CommonJS file.
 */
import { isMethodName } from '../../shared/contract/api.js';
import { eventChannel, methodChannel, SUBSCRIBE_CHANNEL } from '../../shared/contract/channels.js';
import { engineError } from '../../shared/contract/errors.js';
import { isEventName } from '../../shared/contract/events.js';
import { err, type Result } from '../../shared/contract/result.js';
import type { SubscribeRequest } from './subscribeRequest.js';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface Bridge {
  call(method: string, input?: unknown): Promise<Result<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

export function createBridge(ipc: IpcRendererLike): Bridge {
  let nextId = 1;
  return Object.freeze({
    async call(method: string, input?: unknown): Promise<Result<unknown>> {
      if (!isMethodName(method)) {
        return err(engineError('INVALID_ARGUMENT', `unknown method ${String(method)}`));
      }
      try {
        // Main always answers with a Result; guard anyway so a rejected invoke stays data.
        return (await ipc.invoke(methodChannel(method), input === undefined ? {} : input)) as Result<unknown>;
      } catch (e: unknown) {
        return err(engineError('INTERNAL', e instanceof Error ? e.message : 'IPC failed'));
      }
    },

    subscribe(event: string, listener: (payload: unknown) => void): () => void {
      if (!isEventName(event)) throw new TypeError(`unknown event ${String(event)}`);
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      const id = nextId++;
      const channel = eventChannel(event);
      // Strip Electron's event object: the page only ever sees the payload.
      const onMessage = (_e: unknown, ...args: unknown[]): void => {
        if (args[0] === id) listener(args[1]);
      };
      ipc.on(channel, onMessage);
      const request = (op: SubscribeRequest['op']): SubscribeRequest => ({ op, event, id });
      void ipc.invoke(SUBSCRIBE_CHANNEL, request('subscribe')).catch(() => undefined);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        ipc.removeListener(channel, onMessage);
        void ipc.invoke(SUBSCRIBE_CHANNEL, request('unsubscribe')).catch(() => undefined);
      };
    },
  });
}
