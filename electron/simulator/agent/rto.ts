/**
 * Retransmission timeout estimator, agent constants (§6.4, RFC 6298 style, no back-off):
 *   sample = now - lastSentTime
 *   rttvar = (1-β)·rttvar + β·|rtt - sample|     β = 1/4
 *   rtt    = (1-α)·rtt + α·sample                α = 1/8
 *   rto    = min(1 s, rtt + max(G, 4·rttvar))     G = 10 ms
 * Initial rtt 100 ms, rttvar 0, rto 200 ms.
 */
export const RESEND_TICK_MS = 100;
const ALPHA = 1 / 8;
const BETA = 1 / 4;
const CLOCK_GRANULARITY_MS = 10;
const MAX_RTO_MS = 1000;

export class RtoEstimator {
  rttMs = 100;
  rttVarMs = 0;
  rtoMs = 200;

  sample(sampleMs: number): void {
    this.rttVarMs = (1 - BETA) * this.rttVarMs + BETA * Math.abs(this.rttMs - sampleMs);
    this.rttMs = (1 - ALPHA) * this.rttMs + ALPHA * sampleMs;
    this.rtoMs = Math.min(MAX_RTO_MS, this.rttMs + Math.max(CLOCK_GRANULARITY_MS, 4 * this.rttVarMs));
  }
}
