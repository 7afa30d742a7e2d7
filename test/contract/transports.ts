/**
 * The two ways a front end reaches the engine, behind one small interface so the contract suite runs
 * unchanged over each: an in-memory IPC-like transport (every input, result and event goes through a
 * JSON round trip, as structured clone would strip it) and the real browser-mode WebSocket server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { EventName, EventPayload } from '../../shared/contract/events.js';
import type { Result } from '../../shared/contract/result.js';
import type { ClientMessage, ServerMessage } from '../../shared/contract/wire.js';
import type { EngineHost } from '../../electron/engine/api/engineHost.js';
import { startBrowserModeServer } from '../../electron/engine/server/browserModeServer.js';

export interface ContractTransport {
  call(method: string, input: unknown): Promise<Result<unknown>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  close(): Promise<void>;
}

const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(v ?? null)) as T;

export function ipcLikeTransport(engine: EngineHost): ContractTransport {
  return {
    call: async (method, input) => roundTrip(await engine.call(method, roundTrip(input))),
    subscribe: (event, listener) => engine.subscribe(event, (p) => listener(roundTrip(p))),
    close: () => Promise.resolve(),
  };
}

export async function webSocketTransport(engine: EngineHost): Promise<ContractTransport> {
  const staticDir = mkdtempSync(join(tmpdir(), 'bl-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  const server = await startBrowserModeServer({ engine, staticDir });
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
    origin: `http://127.0.0.1:${server.port}`,
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString('utf8')) as ServerMessage;
    if (m.type === 'result') {
      pending.get(m.id)?.(m.result);
      pending.delete(m.id);
    } else for (const l of listeners.get(m.event) ?? []) l(m.payload);
  });
  const send = (m: ClientMessage): void => ws.send(JSON.stringify(m));
  return {
    call: (method, input) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        send({ type: 'call', id, method, input });
      }),
    subscribe: (event, listener) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (p: unknown) => void;
      set.add(l);
      if (set.size === 1) send({ type: 'subscribe', event });
      return () => {
        set.delete(l);
        if (set.size === 0) send({ type: 'unsubscribe', event });
      };
    },
    close: async () => {
      ws.close();
      await server.close();
      rmSync(staticDir, { recursive: true, force: true });
    },
  };
}
