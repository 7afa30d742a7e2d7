/**
 * What a transport (Electron IPC in shell/, the loopback WebSocket in server/) needs from the engine:
 * one transport-free dispatch and one event subscription. Input is `unknown` here on purpose: the
 * implementation validates it against shared/contract/api.ts and never throws (errors are Results).
 */
import type { Result } from '../../../shared/contract/result.js';
import type { EventName, EventPayload } from '../../../shared/contract/events.js';

export interface EngineHost {
  call(method: string, input: unknown): Promise<Result<unknown>>;
  /** A new 'engine.update' subscriber first receives a snapshot. Returns a disposer. */
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
