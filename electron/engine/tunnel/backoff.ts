/**
 * Exponential backoff with "equal jitter" (half fixed, half random) and a cap. Randomness is injected
 * (Signal's BackOff) so tests are deterministic.
 */
import type { Random } from '../ports/clock.js';

export interface BackoffOptions {
  /** First delay before jitter. 500 ms: a dropped socket usually resumes on the first try. */
  readonly baseMs?: number;
  /** Upper bound. 30 s: long enough not to hammer the API, short enough to feel alive. */
  readonly capMs?: number;
  readonly factor?: number;
}

export class Backoff {
  private attempt = 0;
  private readonly baseMs: number;
  private readonly capMs: number;
  private readonly factor: number;

  constructor(
    private readonly random: Random,
    o: BackoffOptions = {},
  ) {
    this.baseMs = o.baseMs ?? 500;
    this.capMs = o.capMs ?? 30_000;
    this.factor = o.factor ?? 2;
  }

  get attempts(): number {
    return this.attempt;
  }

  /** The next delay: in [d/2, d] where d = min(cap, base·factor^attempt). */
  next(): number {
    const d = Math.min(this.capMs, this.baseMs * this.factor ** this.attempt);
    this.attempt++;
    return Math.round(d / 2 + (this.random.next() * d) / 2);
  }

  reset(): void {
    this.attempt = 0;
  }
}
