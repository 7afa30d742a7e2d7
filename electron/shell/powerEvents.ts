/**
 * SystemEvents from Electron's powerMonitor: 'resume' (wake from sleep) and 'unlock-screen' (a
 * laptop opened after a lock often has a new network too) make waiting tunnels retry at once.
 * Electron's main process has no network-change event; the engine's interface polling
 * (engine/transport/nodeSystemEvents.ts) keeps covering that, merged with these in createEngine.
 */
import type { SystemEvents } from '../engine/ports/systemEvents.js';

/** The part of Electron's `powerMonitor` used here (an EventEmitter). */
export interface PowerMonitorLike {
  on(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
  removeListener(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
}

const WAKE_EVENTS = ['resume', 'unlock-screen'] as const;

export function electronSystemEvents(powerMonitor: PowerMonitorLike): SystemEvents {
  return {
    onWake(listener) {
      for (const e of WAKE_EVENTS) powerMonitor.on(e, listener);
      return () => {
        for (const e of WAKE_EVENTS) powerMonitor.removeListener(e, listener);
      };
    },
    onNetworkChange() {
      return () => {};
    },
  };
}
