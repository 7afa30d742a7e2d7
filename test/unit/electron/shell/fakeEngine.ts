/**
 * FakeEngine implements the shell's view of the engine (EngineHost + close) so the compiler keeps it
 * honest. It records calls, answers from a per-method table, and emits events; a new 'engine.update'
 * subscriber first gets a snapshot of `profiles` and `tunnels`, as the real engine promises.
 */
import { engineError } from '../../../../shared/contract/errors.js';
import type { EventName, EventPayload } from '../../../../shared/contract/events.js';
import { err, ok, type Result } from '../../../../shared/contract/result.js';
import type { Profile } from '../../../../shared/model/profile.js';
import type { TunnelSnapshot, TunnelStatus } from '../../../../shared/model/tunnel.js';
import type { ShellEngine } from '../../../../electron/shell/shellApp.js';

type Listener = (payload: unknown) => void;

export class FakeEngine implements ShellEngine {
  readonly calls: { method: string; input: unknown }[] = [];
  readonly responses = new Map<string, (input: unknown) => Result<unknown> | Promise<Result<unknown>>>();
  profiles: Profile[] = [];
  tunnels: TunnelSnapshot[] = [];
  closed = false;
  private readonly listeners = new Map<EventName, Set<Listener>>();

  call(method: string, input: unknown): Promise<Result<unknown>> {
    this.calls.push({ method, input });
    const r = this.responses.get(method);
    if (r !== undefined) return Promise.resolve(r(input));
    if (method === 'settings.get') {
      return Promise.resolve(ok({ closeToTray: true, startAtLogin: false, theme: 'system' }));
    }
    if (method.startsWith('tunnels.')) return Promise.resolve(ok(null));
    return Promise.resolve(err(engineError('NOT_FOUND', `fake has no ${method}`)));
  }

  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    const l = listener as Listener;
    set.add(l);
    this.listeners.set(event, set);
    if (event === 'engine.update') l({ kind: 'snapshot', profiles: this.profiles, tunnels: this.tunnels });
    return () => set.delete(l);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) l(payload);
  }

  subscriberCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** Publish a tunnel delta and keep it in the snapshot for later subscribers. */
  setTunnel(t: TunnelSnapshot): void {
    this.tunnels = [...this.tunnels.filter((x) => x.profileId !== t.profileId), t];
    this.emit('engine.update', { kind: 'tunnel', tunnel: t });
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  callsOf(method: string): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.input);
  }
}

export function makeProfile(id: string, over: Partial<Profile> = {}): Profile {
  return {
    id,
    name: id,
    kind: 'other',
    tags: [],
    aws: {},
    target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
    document: 'AWS-StartPortForwardingSession',
    remotePort: 22,
    bind: { address: '127.0.0.1', port: 0 },
    startMode: 'on-demand',
    launcher: { kind: 'none' },
    source: 'personal',
    ...over,
  };
}

export function makeTunnel(
  profileId: string,
  status: TunnelStatus,
  over: Partial<TunnelSnapshot> = {},
): TunnelSnapshot {
  return {
    profileId,
    name: profileId,
    status,
    since: 0,
    health: {
      bytesIn: 0,
      bytesOut: 0,
      throughputInBps: 0,
      throughputOutBps: 0,
      activeConnections: 0,
      reconnects: 0,
    },
    ...over,
  };
}
