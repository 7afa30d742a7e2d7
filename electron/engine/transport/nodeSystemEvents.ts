/**
 * SystemEvents for plain Node (CLI, browser mode): network changes are detected by watching the
 * machine's non-internal interface addresses; wake from sleep by a poll tick that arrives much later
 * than scheduled. (Electron's shell can supply powerMonitor-based events instead.)
 */
import { networkInterfaces } from 'node:os';
import type { Clock, TimerHandle } from '../ports/clock.js';
import type { SystemEvents } from '../ports/systemEvents.js';

/** How often addresses are compared. 3 s: a changed Wi-Fi is noticed before a user retries by hand. */
export const NETWORK_POLL_MS = 3_000;
/** A tick this much later than scheduled means the machine slept. */
export const WAKE_DRIFT_MS = 10_000;

export function addressSignature(): string {
  const out: string[] = [];
  for (const [name, list] of Object.entries(networkInterfaces()))
    for (const a of list ?? []) if (!a.internal) out.push(`${name}/${a.address}`);
  return out.sort().join(',');
}

export function nodeSystemEvents(o: {
  clock: Clock;
  pollMs?: number;
  signature?: () => string;
}): SystemEvents & { dispose(): void } {
  const wake = new Set<() => void>();
  const net = new Set<() => void>();
  const signature = o.signature ?? addressSignature;
  const pollMs = o.pollMs ?? NETWORK_POLL_MS;
  let timer: TimerHandle | undefined;
  let last = '';
  let lastAt = 0;

  const tick = (): void => {
    const now = o.clock.now();
    if (now - lastAt > pollMs + WAKE_DRIFT_MS) for (const l of [...wake]) l();
    const sig = signature();
    if (sig !== last) {
      last = sig;
      for (const l of [...net]) l();
    }
    lastAt = now;
    timer = o.clock.setTimer(tick, pollMs);
  };
  const ensure = (): void => {
    if (timer !== undefined || (wake.size === 0 && net.size === 0)) return;
    last = signature();
    lastAt = o.clock.now();
    timer = o.clock.setTimer(tick, pollMs);
  };
  const release = (): void => {
    if (wake.size === 0 && net.size === 0 && timer !== undefined) {
      o.clock.clearTimer(timer);
      timer = undefined;
    }
  };
  const sub = (set: Set<() => void>, l: () => void): (() => void) => {
    set.add(l);
    ensure();
    return () => {
      set.delete(l);
      release();
    };
  };
  return {
    onWake: (l) => sub(wake, l),
    onNetworkChange: (l) => sub(net, l),
    dispose: () => {
      wake.clear();
      net.clear();
      release();
    },
  };
}
