import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { mergeSystemEvents, type SystemEvents } from '../../../../electron/engine/ports/systemEvents.js';
import { electronSystemEvents } from '../../../../electron/shell/powerEvents.js';

describe('powerMonitor → SystemEvents', () => {
  it('wake fires on resume and on unlock-screen, and stops after unsubscribe', () => {
    const pm = new EventEmitter();
    const events = electronSystemEvents(pm);
    let wakes = 0;
    const off = events.onWake(() => wakes++);
    pm.emit('resume');
    pm.emit('unlock-screen');
    pm.emit('suspend');
    expect(wakes).toBe(2);
    off();
    pm.emit('resume');
    expect(wakes).toBe(2);
    expect(pm.listenerCount('resume')).toBe(0);
    expect(pm.listenerCount('unlock-screen')).toBe(0);
  });

  it('merged sources each reach the listener; one unsubscribe detaches from all', () => {
    const pm = new EventEmitter();
    const net = new EventEmitter();
    const polled: SystemEvents = {
      onWake: (l) => {
        net.on('wake', l);
        return () => net.off('wake', l);
      },
      onNetworkChange: (l) => {
        net.on('change', l);
        return () => net.off('change', l);
      },
    };
    const merged = mergeSystemEvents(polled, electronSystemEvents(pm));
    const seen: string[] = [];
    const offWake = merged.onWake(() => seen.push('wake'));
    const offNet = merged.onNetworkChange(() => seen.push('net'));
    pm.emit('resume');
    net.emit('wake');
    net.emit('change');
    expect(seen).toEqual(['wake', 'wake', 'net']);
    offWake();
    offNet();
    pm.emit('resume');
    net.emit('wake');
    net.emit('change');
    expect(seen).toHaveLength(3);
  });
});
