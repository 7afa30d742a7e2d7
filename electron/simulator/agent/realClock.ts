/**
 * The simulator's own wall/monotonic clock (it does not borrow the engine's transport layer, so the
 * simulator depends on the engine only for the codec and the ports).
 */
import type { Clock, TimerHandle } from '../../engine/ports/clock.js';

export const realClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer(callback, delayMs) {
    const t = setTimeout(callback, Math.max(0, delayMs));
    t.unref();
    return t as unknown as TimerHandle;
  },
  clearTimer(handle) {
    clearTimeout(handle as unknown as NodeJS.Timeout);
  },
};
