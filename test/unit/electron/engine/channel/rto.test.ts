import { describe, expect, it } from 'vitest';
import { RtoEstimator } from '../../../../../electron/engine/channel/rto.js';

describe('RtoEstimator (§6.4)', () => {
  it('starts at 200 ms and follows the §6.4 formulas exactly', () => {
    const r = new RtoEstimator();
    expect(r.rto).toBe(200);
    expect(r.srtt).toBeUndefined();
    r.sample(20);
    // rttvar = 0.75·0 + 0.25·|100-20| = 20; rtt = 0.875·100 + 0.125·20 = 90; rto = 90 + max(10, 80) = 170
    expect(r.rttVar).toBe(20);
    expect(r.rto).toBe(170);
  });

  it('shows a smoothed RTT that starts from the first sample (RFC 6298), not from the 100 ms seed', () => {
    const r = new RtoEstimator();
    r.sample(20);
    expect(r.srtt).toBe(20);
    r.sample(40);
    expect(r.srtt).toBe(22.5); // 7/8·20 + 1/8·40
    // The RTO still follows the reference ends from its 100 ms seed: rtt = 0.875·90 + 0.125·40 = 83.75.
    expect(r.rto).toBeGreaterThan(83.75);
  });

  it('never goes above 1 s and never below rtt + G', () => {
    const r = new RtoEstimator();
    r.sample(10_000);
    expect(r.rto).toBe(1000);
    const s = new RtoEstimator();
    for (let i = 0; i < 200; i++) s.sample(1);
    expect(s.rto).toBeGreaterThanOrEqual(s.srtt! + 10);
    expect(s.rto).toBeLessThan(12);
  });
});
