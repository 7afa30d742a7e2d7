/**
 * The one message the preload sends besides method calls: ask main to (un)subscribe this page to an
 * engine event. Shared by preload.ts (builds it) and ipcTransport.ts (validates it). No Electron, no Node.
 * Events come back on eventChannel(event) as (id, payload); the id routes them to one listener.
 */
import { isEventName, type EventName } from '../../shared/contract/events.js';

export interface SubscribeRequest {
  readonly op: 'subscribe' | 'unsubscribe';
  readonly event: EventName;
  /** Chosen by the preload, unique per page: a positive safe integer. */
  readonly id: number;
}

export function parseSubscribeRequest(value: unknown): SubscribeRequest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const op = v['op'];
  const event = v['event'];
  const id = v['id'];
  if (op !== 'subscribe' && op !== 'unsubscribe') return undefined;
  if (!isEventName(event)) return undefined;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return undefined;
  return { op, event, id };
}
