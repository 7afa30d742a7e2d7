/**
 * Time, injected (architecture §8.2). Protocol cores and supervisors take a Clock so tests can run
 * recovery scenarios in milliseconds with a fake one (test/fakes/fakeClock.ts).
 */
export interface TimerHandle {
  readonly __timer: unique symbol;
}

export interface Clock {
  /** Milliseconds since the Unix epoch (wall clock; used for CreatedDate). */
  now(): number;
  /** Monotonic milliseconds (RTT, RTO, timeouts). */
  monotonic(): number;
  setTimer(callback: () => void, delayMs: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** Source of randomness, injected so jitter and ids are reproducible in tests. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Cryptographically random bytes (MessageIds, tokens). */
  bytes(length: number): Uint8Array;
}
