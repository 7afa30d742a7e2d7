/**
 * The tunnel's one pending retry: an action due at a wall-clock time (published as `nextRetryAt`),
 * which a wake or network change may run at once instead of waiting out the backoff.
 */
import type { Clock, TimerHandle } from '../ports/clock.js';

export class RetrySchedule {
  private timer: TimerHandle | undefined;
  private action: (() => void) | undefined;
  private dueAt: number | undefined;

  constructor(private readonly clock: Clock) {}

  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** Epoch ms the pending retry fires, if one is pending. */
  get at(): number | undefined {
    return this.timer !== undefined ? this.dueAt : undefined;
  }

  /** Replaces any pending retry (the replaced action is dropped, not run). */
  schedule(action: () => void, delayMs: number): void {
    this.cancel();
    this.action = action;
    this.dueAt = this.clock.now() + delayMs;
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined;
      this.action = undefined;
      action();
    }, delayMs);
  }

  /** Cancels the pending retry and returns its action (the caller decides whether to run it). */
  cancel(): (() => void) | undefined {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    const action = this.action;
    this.action = undefined;
    return action;
  }

  /** Runs the pending retry now; false when none is pending. */
  runNow(): boolean {
    if (this.timer === undefined) return false;
    const action = this.cancel();
    action?.();
    return action !== undefined;
  }
}
