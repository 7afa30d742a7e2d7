/**
 * Engine truth in the renderer: a zustand vanilla store fed only by the engine's event stream
 * (a snapshot, then deltas). No polling. Testable in plain Node (no React, no DOM).
 */
import { createStore } from 'zustand/vanilla';
import type { EngineUpdate, Prompt } from '../../shared/contract/events.js';
import type { Profile } from '../../shared/model/profile.js';
import type { TunnelSnapshot } from '../../shared/model/tunnel.js';

/** Points kept per tunnel for the sparklines (one per health update, ≤ 1/s). */
export const SPARK_POINTS = 60;

export interface EngineState {
  ready: boolean;
  profiles: Profile[];
  tunnels: Record<string, TunnelSnapshot>;
  throughput: Record<string, number[]>;
  rtt: Record<string, number[]>;
  prompts: Prompt[];
}

const push = (list: number[] | undefined, v: number): number[] => [...(list ?? []), v].slice(-SPARK_POINTS);

export function applyUpdate(s: EngineState, u: EngineUpdate): Partial<EngineState> {
  switch (u.kind) {
    case 'snapshot':
      return {
        ready: true,
        profiles: u.profiles,
        tunnels: Object.fromEntries(u.tunnels.map((t) => [t.profileId, t])),
      };
    case 'profiles': {
      const ids = new Set(u.profiles.map((p) => p.id));
      const tunnels = Object.fromEntries(Object.entries(s.tunnels).filter(([id]) => ids.has(id)));
      return { profiles: u.profiles, tunnels };
    }
    case 'tunnel': {
      const t = u.tunnel;
      return {
        tunnels: { ...s.tunnels, [t.profileId]: t },
        throughput: {
          ...s.throughput,
          [t.profileId]: push(
            s.throughput[t.profileId],
            t.health.throughputInBps + t.health.throughputOutBps,
          ),
        },
        rtt:
          t.health.rttMs === undefined
            ? s.rtt
            : { ...s.rtt, [t.profileId]: push(s.rtt[t.profileId], t.health.rttMs) },
      };
    }
  }
}

export function applyPrompt(s: EngineState, p: Prompt): Partial<EngineState> {
  if (p.kind === 'resolved') return { prompts: s.prompts.filter((q) => q.promptId !== p.promptId) };
  return { prompts: [...s.prompts.filter((q) => q.promptId !== p.promptId), p] };
}

export function createEngineStore() {
  return createStore<EngineState>(() => ({
    ready: false,
    profiles: [],
    tunnels: {},
    throughput: {},
    rtt: {},
    prompts: [],
  }));
}

export type EngineStore = ReturnType<typeof createEngineStore>;
