import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../../shared/model/profile.js';
import type { TunnelSnapshot } from '../../../../shared/model/tunnel.js';
import {
  applyPrompt,
  applyUpdate,
  createEngineStore,
  SPARK_POINTS,
} from '../../../../renderer/state/engineStore.js';
import { createUiStore, resolveTheme } from '../../../../renderer/state/uiStore.js';

const profile = (id: string): Profile =>
  ({ id, name: `p-${id}`, kind: 'database', target: { kind: 'instance', instanceId: 'i-1' } }) as Profile;
const tunnel = (profileId: string, status: TunnelSnapshot['status'], bps = 0, rttMs?: number) =>
  ({
    profileId,
    name: profileId,
    status,
    since: 0,
    target: 'i-1',
    health: {
      bytesIn: 0,
      bytesOut: 0,
      throughputInBps: bps,
      throughputOutBps: 0,
      activeConnections: 0,
      reconnects: 0,
      ...(rttMs !== undefined ? { rttMs } : {}),
    },
  }) as TunnelSnapshot;

describe('engineStore', () => {
  it('is not ready until the snapshot, then holds its profiles and tunnels', () => {
    const store = createEngineStore();
    expect(store.getState().ready).toBe(false);
    store.setState((s) =>
      applyUpdate(s, { kind: 'snapshot', profiles: [profile('a')], tunnels: [tunnel('a', 'stopped')] }),
    );
    expect(store.getState().ready).toBe(true);
    expect(store.getState().profiles.map((p) => p.id)).toEqual(['a']);
    expect(store.getState().tunnels['a']?.status).toBe('stopped');
  });

  it('applies tunnel deltas and keeps a bounded sparkline history', () => {
    const store = createEngineStore();
    store.setState((s) => applyUpdate(s, { kind: 'snapshot', profiles: [profile('a')], tunnels: [] }));
    for (let i = 0; i < SPARK_POINTS + 10; i++)
      store.setState((s) => applyUpdate(s, { kind: 'tunnel', tunnel: tunnel('a', 'open', i, i * 2) }));
    const st = store.getState();
    expect(st.tunnels['a']?.status).toBe('open');
    expect(st.throughput['a']).toHaveLength(SPARK_POINTS);
    expect(st.throughput['a']?.at(-1)).toBe(SPARK_POINTS + 9);
    expect(st.rtt['a']?.at(-1)).toBe((SPARK_POINTS + 9) * 2);
  });

  it('drops tunnels of profiles that were deleted', () => {
    const store = createEngineStore();
    store.setState((s) =>
      applyUpdate(s, {
        kind: 'snapshot',
        profiles: [profile('a'), profile('b')],
        tunnels: [tunnel('a', 'open'), tunnel('b', 'open')],
      }),
    );
    store.setState((s) => applyUpdate(s, { kind: 'profiles', profiles: [profile('b')] }));
    expect(Object.keys(store.getState().tunnels)).toEqual(['b']);
  });

  it('queues prompts and removes them when resolved', () => {
    const store = createEngineStore();
    store.setState((s) =>
      applyPrompt(s, { kind: 'mfa', promptId: 'p1', awsProfile: 'x', mfaSerial: 'arn:mfa' }),
    );
    expect(store.getState().prompts.map((p) => p.promptId)).toEqual(['p1']);
    store.setState((s) => applyPrompt(s, { kind: 'resolved', promptId: 'p1' }));
    expect(store.getState().prompts).toEqual([]);
  });
});

describe('uiStore', () => {
  it('starts on the tunnels view and resolves the theme setting', () => {
    expect(createUiStore().getState().view).toBe('tunnels');
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
  });
});
