/**
 * Fan-out of engine events to subscribers. A new 'engine.update' subscriber first receives a snapshot
 * (architecture §9.3: the owner of the truth sends a snapshot, then deltas).
 */
import type { EventName, EventPayload } from '../../../shared/contract/events.js';
import type { TunnelSnapshot } from '../../../shared/model/tunnel.js';

type Listener = (payload: never) => void;

export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener>>();
  private readonly statuses = new Map<string, string>();
  private snapshot: (() => EventPayload<'engine.update'>) | undefined;

  setSnapshot(fn: () => EventPayload<'engine.update'>): void {
    this.snapshot = fn;
  }

  lastStatus(profileId: string): string | undefined {
    return this.statuses.get(profileId);
  }

  emitTunnel(tunnel: TunnelSnapshot): void {
    this.statuses.set(tunnel.profileId, tunnel.status);
    this.emit('engine.update', { kind: 'tunnel', tunnel });
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) (l as (p: EventPayload<E>) => void)(payload);
  }

  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    if (event === 'engine.update' && this.snapshot)
      (listener as (p: EventPayload<'engine.update'>) => void)(this.snapshot());
    return () => set.delete(listener);
  }
}
