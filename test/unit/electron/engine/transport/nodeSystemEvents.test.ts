import { describe, expect, it } from 'vitest';
import { nodeSystemEvents } from '../../../../../electron/engine/transport/nodeSystemEvents.js';
import { FakeClock } from '../../../../fakes/fakeClock.js';

describe('nodeSystemEvents', () => {
  it('reports a network change when the interface addresses change, and nothing otherwise', () => {
    const clock = new FakeClock();
    let sig = 'eth0/10.0.0.2';
    const ev = nodeSystemEvents({ clock, pollMs: 1000, signature: () => sig });
    let changes = 0;
    const off = ev.onNetworkChange(() => changes++);
    clock.advance(5000);
    expect(changes).toBe(0);
    sig = 'wlan0/192.168.1.7';
    clock.advance(1000);
    expect(changes).toBe(1);
    off();
    expect(clock.pendingTimers).toBe(0);
  });

  it('reports a wake when a tick comes much later than scheduled (the machine slept)', () => {
    const clock = new FakeClock();
    const ev = nodeSystemEvents({ clock, pollMs: 1000, signature: () => 'x' });
    let wakes = 0;
    ev.onWake(() => wakes++);
    clock.advance(3000);
    expect(wakes).toBe(0);
    // Simulate a suspend: wall time jumps by a minute while no timer could run.
    clock.jumpWall(60_000);
    clock.advance(1000);
    expect(wakes).toBe(1);
    ev.dispose();
    expect(clock.pendingTimers).toBe(0);
  });
});
