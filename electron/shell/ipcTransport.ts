/**
 * Electron IPC as a transport for the contract (architecture §9.3). Routes only; holds no logic:
 * one ipcMain.handle per method (channel names derived in shared/contract/channels.ts), each of which
 *   1. rejects any sender frame that is not our own page (UNAUTHORIZED),
 *   2. validates the input against the method's schema (PROFILE_INVALID / INVALID_ARGUMENT), so a
 *      malformed call never reaches the engine,
 *   3. calls EngineHost.call and always resolves to a Result (a thrown Error never crosses the bridge).
 * Events: the preload asks on SUBSCRIBE_CHANNEL; main subscribes to the engine per (webContents, id)
 * and sends each payload on eventChannel(event) tagged with the id, so every renderer subscriber gets
 * its own snapshot. Subscriptions die with their webContents.
 */
import { engineApi, METHOD_NAMES, type MethodName } from '../../shared/contract/api.js';
import { eventChannel, methodChannel, SUBSCRIBE_CHANNEL } from '../../shared/contract/channels.js';
import { engineError } from '../../shared/contract/errors.js';
import { err, type Result } from '../../shared/contract/result.js';
import type { EngineHost } from '../engine/api/engineHost.js';
import { parseSubscribeRequest } from './subscribeRequest.js';

export interface SenderLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface IpcEventLike {
  readonly senderFrame: { readonly url: string } | null;
  readonly sender: SenderLike;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcTransportDeps {
  readonly ipcMain: IpcMainLike;
  readonly engine: EngineHost;
  readonly isTrustedUrl: (url: string) => boolean;
  /** Observe successful calls (main applies settings.set results to login items and close-to-tray). */
  readonly onCallResult?: (method: MethodName, value: unknown) => void;
}

/** Methods whose malformed input is a profile problem the form shows field by field. */
const PROFILE_METHODS: ReadonlySet<MethodName> = new Set<MethodName>(['profiles.save']);

const MAX_SUBSCRIPTIONS_PER_PAGE = 64;

function trusted(event: IpcEventLike, isTrustedUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  return frame !== null && isTrustedUrl(frame.url);
}

export function registerIpc(deps: IpcTransportDeps): { dispose(): void } {
  const { ipcMain, engine } = deps;
  const subs = new Map<string, () => void>();

  for (const method of METHOD_NAMES) {
    ipcMain.handle(methodChannel(method), async (event, input): Promise<Result<unknown>> => {
      if (!trusted(event, deps.isTrustedUrl)) {
        return err(engineError('UNAUTHORIZED', 'IPC call from a frame that is not the app'));
      }
      const parsed = engineApi[method].input.safeParse(input);
      if (!parsed.success) {
        const code = PROFILE_METHODS.has(method) ? 'PROFILE_INVALID' : 'INVALID_ARGUMENT';
        const first = parsed.error.issues[0];
        const where = first === undefined ? '' : ` at ${first.path.join('.') || '(input)'}: ${first.message}`;
        return err(engineError(code, `invalid input for ${method}${where}`));
      }
      try {
        const result = await engine.call(method, parsed.data);
        if (result.ok) deps.onCallResult?.(method, result.value);
        return result;
      } catch (e: unknown) {
        // EngineHost promises never to throw; if it does anyway, the renderer still gets data.
        return err(engineError('INTERNAL', e instanceof Error ? e.message : 'engine call failed'));
      }
    });
  }

  ipcMain.handle(SUBSCRIBE_CHANNEL, (event, request): Promise<Result<null>> => {
    if (!trusted(event, deps.isTrustedUrl)) {
      return Promise.resolve(
        err(engineError('UNAUTHORIZED', 'subscription from a frame that is not the app')),
      );
    }
    const req = parseSubscribeRequest(request);
    if (req === undefined) {
      return Promise.resolve(err(engineError('INVALID_ARGUMENT', 'malformed subscription request')));
    }
    const sender = event.sender;
    const key = `${sender.id}:${req.id}`;
    subs.get(key)?.();
    subs.delete(key);
    if (req.op === 'unsubscribe') return Promise.resolve({ ok: true, value: null });
    const mine = [...subs.keys()].filter((k) => k.startsWith(`${sender.id}:`)).length;
    if (mine >= MAX_SUBSCRIPTIONS_PER_PAGE) {
      return Promise.resolve(err(engineError('INVALID_ARGUMENT', 'too many subscriptions')));
    }
    const channel = eventChannel(req.event);
    const dispose = engine.subscribe(req.event, (payload) => {
      if (!sender.isDestroyed()) sender.send(channel, req.id, payload);
    });
    subs.set(key, dispose);
    sender.once('destroyed', () => {
      subs.get(key)?.();
      subs.delete(key);
    });
    return Promise.resolve({ ok: true, value: null });
  });

  return {
    dispose() {
      for (const method of METHOD_NAMES) ipcMain.removeHandler(methodChannel(method));
      ipcMain.removeHandler(SUBSCRIBE_CHANNEL);
      for (const d of subs.values()) d();
      subs.clear();
    },
  };
}
