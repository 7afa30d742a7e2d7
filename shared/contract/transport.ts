/**
 * What a front end needs from any transport (preload bridge or loopback WebSocket): one typed call
 * and one subscription. Both resolve to Result envelopes; neither throws for engine errors.
 */
import type { MethodInput, MethodName, MethodOutput } from './api.js';
import type { EventName, EventPayload } from './events.js';
import type { Result } from './result.js';

export interface EngineTransport {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>;
  /** Returns a disposer. A new subscriber to 'engine.update' first receives a snapshot. */
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
