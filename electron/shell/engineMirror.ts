/**
 * Main's read-only copy of engine truth for the tray and notifications (architecture §9.3 state flow):
 * a snapshot, then per-tunnel and profile-list deltas. Pure; owns nothing but the arrays it returns.
 */
import type { EngineUpdate } from '../../shared/contract/events.js';
import type { Profile } from '../../shared/model/profile.js';
import type { TunnelSnapshot } from '../../shared/model/tunnel.js';

export interface MirrorState {
  readonly profiles: readonly Profile[];
  /** Keyed by profileId (one tunnel per profile). */
  readonly tunnels: ReadonlyMap<string, TunnelSnapshot>;
}

export const EMPTY_MIRROR: MirrorState = { profiles: [], tunnels: new Map() };

export function applyUpdate(state: MirrorState, update: EngineUpdate): MirrorState {
  switch (update.kind) {
    case 'snapshot':
      return {
        profiles: update.profiles,
        tunnels: new Map(update.tunnels.map((t) => [t.profileId, t])),
      };
    case 'tunnel': {
      const tunnels = new Map(state.tunnels);
      tunnels.set(update.tunnel.profileId, update.tunnel);
      return { profiles: state.profiles, tunnels };
    }
    case 'profiles':
      return { profiles: update.profiles, tunnels: state.tunnels };
  }
}
