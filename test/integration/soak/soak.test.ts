/**
 * The short soak (~40 s of the fault-injection run in test/soak/soakRun.ts; `npm run soak` is the long
 * one): several tunnels, mixed traffic, the simulator changing faults all the time, every byte checked.
 * The report is printed so CI logs carry the numbers.
 */
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../soak/soakRun.js';

describe('soak (short)', () => {
  it('moves data through faults for 40 s with no lost or corrupted byte and no leaked handle', async () => {
    const r = await runSoak({ durationMs: 40_000, tunnels: 3, workers: 2, seed: 7 });
    console.log(`[soak] ${JSON.stringify(r)}`);
    // It really ran: traffic flowed and faults were injected.
    expect(r.connections.ok).toBeGreaterThan(50);
    expect(r.bytesEchoed).toBeGreaterThan(1024 * 1024);
    expect(Object.values(r.faults).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5);
    // Every kind of fault was injected at least once (agent restarts and max-duration ends included).
    for (const kind of [
      'loss',
      'duplicate',
      'reorder',
      'corruptDigest',
      'latencySpike',
      'pausePublication',
      'dropDataChannels',
      'endSession',
      'agentRestart',
      'maxDurationEnd',
    ])
      expect(r.faults[kind] ?? 0, kind).toBeGreaterThanOrEqual(1);
    // Nothing lost on connections that were not deliberately cut; nothing ever corrupted.
    expect(r.bytesCorrupt).toBe(0);
    expect(r.connections.corrupt).toBe(0);
    expect(r.bytesLost).toBe(0);
    expect(r.connections.lost).toBe(0);
    // Everything the run opened is closed again.
    for (const kind of ['TCPSocketWrap', 'TCPServerWrap', 'Timeout'])
      expect(r.handles.after[kind] ?? 0, kind).toBeLessThanOrEqual(r.handles.before[kind] ?? 0);
  }, 120_000);
});
