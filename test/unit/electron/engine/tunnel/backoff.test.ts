import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../../../electron/engine/tunnel/backoff.js';
import { canTransition } from '../../../../../electron/engine/tunnel/tunnelStatus.js';
import type { Random } from '../../../../../electron/engine/ports/clock.js';

const fixed = (v: number): Random => ({ next: () => v, bytes: (n) => new Uint8Array(n) });

describe('Backoff', () => {
  it('doubles from the base, with equal jitter, up to the cap', () => {
    const lo = new Backoff(fixed(0), { baseMs: 100, capMs: 1_000 });
    expect([1, 2, 3, 4, 5, 6].map(() => lo.next())).toEqual([50, 100, 200, 400, 500, 500]);
    const hi = new Backoff(fixed(0.999999), { baseMs: 100, capMs: 1_000 });
    expect([1, 2, 3, 4, 5, 6].map(() => hi.next())).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('reset starts over; defaults are 500 ms base and a 30 s cap', () => {
    const b = new Backoff(fixed(0.999999));
    for (let i = 0; i < 20; i++) b.next();
    expect(b.next()).toBe(30_000);
    expect(b.attempts).toBe(21);
    b.reset();
    expect(b.next()).toBe(500);
  });
});

describe('tunnel transitions', () => {
  it('the listener stays bound: stopped is only left for listening; every state can stop', () => {
    expect(canTransition('stopped', 'listening')).toBe(true);
    expect(canTransition('stopped', 'open')).toBe(false);
    expect(canTransition('listening', 'open')).toBe(false);
    for (const s of ['listening', 'connecting', 'open', 'reconnecting', 'failed', 'needs-login'] as const)
      expect(canTransition(s, 'stopped')).toBe(true);
    expect(canTransition('open', 'reconnecting')).toBe(true);
    expect(canTransition('reconnecting', 'open')).toBe(true);
  });
});
