/**
 * Retransmission timeout, ssm-protocol.md §6.4 (RFC 6298 style, as both reference ends do it):
 *
 *   sample = now - entry.lastSentTime
 *   rttvar = (1-β)·rttvar + β·|rtt - sample|
 *   rtt    = (1-α)·rtt + α·sample
 *   rto    = min(1 s, rtt + max(G, 4·rttvar))
 *
 * No lower bound other than G and no exponential back-off (kept identical to the agent so both
 * directions recover alike).
 */
export const RTO_INITIAL_MS = 200;
export const RTT_INITIAL_MS = 100;
export const RTTVAR_INITIAL_MS = 0;
export const RTT_ALPHA = 1 / 8;
export const RTTVAR_BETA = 1 / 4;
/** Clock granularity G. */
export const CLOCK_GRANULARITY_MS = 10;
export const RTO_MAX_MS = 1000;

export class RtoEstimator {
  private rttMs = RTT_INITIAL_MS;
  private rttVarMs = RTTVAR_INITIAL_MS;
  private rtoMs = RTO_INITIAL_MS;
  /**
   * The smoothed RTT users see (health, sparklines): RFC 6298's first-measurement rule (SRTT = R),
   * then the same α. The RTO keeps the reference ends' start from 100 ms; shown to a user, that
   * start reads "77 ms" on a 1 ms link for the first dozens of messages.
   */
  private shownMs: number | undefined;

  get rto(): number {
    return this.rtoMs;
  }
  /** Smoothed RTT for display, once at least one sample arrived. */
  get srtt(): number | undefined {
    return this.shownMs;
  }
  get rttVar(): number {
    return this.rttVarMs;
  }

  sample(sampleMs: number): void {
    const s = Math.max(0, sampleMs);
    this.rttVarMs = (1 - RTTVAR_BETA) * this.rttVarMs + RTTVAR_BETA * Math.abs(this.rttMs - s);
    this.rttMs = (1 - RTT_ALPHA) * this.rttMs + RTT_ALPHA * s;
    this.rtoMs = Math.min(RTO_MAX_MS, this.rttMs + Math.max(CLOCK_GRANULARITY_MS, 4 * this.rttVarMs));
    this.shownMs = this.shownMs === undefined ? s : (1 - RTT_ALPHA) * this.shownMs + RTT_ALPHA * s;
  }
}
