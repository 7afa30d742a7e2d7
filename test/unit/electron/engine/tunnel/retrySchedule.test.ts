import { describe, expect, it } from 'vitest';
import { RetrySchedule } from '../../../../../electron/engine/tunnel/retrySchedule.js';
import { FakeClock } from '../../../../fakes/fakeClock.js';

describe('RetrySchedule', () => {
  it('fires once at its time and publishes when', () => {
    const clock = new FakeClock();
    const r = new RetrySchedule(clock);
    let runs = 0;
    r.schedule(() => runs++, 400);
    expect(r.pending).toBe(true);
    expect(r.at).toBe(clock.now() + 400);
    clock.advance(399);
    expect(runs).toBe(0);
    clock.advance(1);
    expect(runs).toBe(1);
    expect(r.pending).toBe(false);
    expect(r.at).toBeUndefined();
    clock.advance(10_000);
    expect(runs).toBe(1);
  });

  it('a new schedule replaces the old one without running it; cancel hands the action back', () => {
    const clock = new FakeClock();
    const r = new RetrySchedule(clock);
    const ran: string[] = [];
    r.schedule(() => ran.push('a'), 100);
    r.schedule(() => ran.push('b'), 300);
    clock.advance(1_000);
    expect(ran).toEqual(['b']);
    r.schedule(() => ran.push('c'), 100);
    const action = r.cancel();
    clock.advance(1_000);
    expect(ran).toEqual(['b']);
    action?.();
    expect(ran).toEqual(['b', 'c']);
    expect(r.cancel()).toBeUndefined();
  });

  it('runNow runs the pending action at once and only once', () => {
    const clock = new FakeClock();
    const r = new RetrySchedule(clock);
    let runs = 0;
    expect(r.runNow()).toBe(false);
    r.schedule(() => runs++, 5_000);
    expect(r.runNow()).toBe(true);
    expect(runs).toBe(1);
    clock.advance(10_000);
    expect(runs).toBe(1);
    expect(r.pending).toBe(false);
  });
});
