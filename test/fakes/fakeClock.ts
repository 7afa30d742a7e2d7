import type { Clock, Random, TimerHandle } from '../../electron/engine/ports/clock.js';

/** A deterministic Clock: time moves only when the test calls advance(). */
export class FakeClock implements Clock {
  private wall: number;
  private mono = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(startWallMs = 1_700_000_000_000) {
    this.wall = startWallMs;
  }

  now(): number {
    return this.wall + this.mono;
  }
  monotonic(): number {
    return this.mono;
  }
  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.mono + Math.max(0, delayMs), fn: callback });
    return id as unknown as TimerHandle;
  }
  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle as unknown as number);
  }
  /** Wall time jumps without timers running (a suspended laptop). */
  jumpWall(ms: number): void {
    this.wall += ms;
  }
  get pendingTimers(): number {
    return this.timers.size;
  }
  /** Advances time, firing due timers in order (timers set by callbacks fire too if due). */
  advance(ms: number): void {
    const target = this.mono + ms;
    for (;;) {
      let nextId = -1;
      let nextAt = Infinity;
      for (const [id, t] of this.timers) {
        if (t.at <= target && t.at < nextAt) {
          nextAt = t.at;
          nextId = id;
        }
      }
      if (nextId < 0) break;
      const t = this.timers.get(nextId)!;
      this.timers.delete(nextId);
      this.mono = Math.max(this.mono, t.at);
      t.fn();
    }
    this.mono = target;
  }
}

/** Seeded PRNG (mulberry32) for jitter and ids in tests. */
export class SeededRandom implements Random {
  constructor(private seed = 42) {}
  next(): number {
    let t = (this.seed = (this.seed + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }
}
