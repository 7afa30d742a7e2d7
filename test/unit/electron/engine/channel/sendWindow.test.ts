/**
 * The send window's loss rules on their own (no timer, no link): what a tick resends, and when.
 * dataChannel.test.ts covers the same rules through the channel with a fake clock.
 */
import { describe, expect, it } from 'vitest';
import { SendWindow } from '../../../../../electron/engine/channel/sendWindow.js';

function frames(n: number): Buffer[] {
  return Array.from({ length: n }, (_, i) => Buffer.from([i]));
}

function setup(n: number) {
  const w = new SendWindow(1024 * 1024);
  const wire: number[] = [];
  const send = (f: Buffer): void => void wire.push(f[0]!);
  frames(n).forEach((f, seq) => w.add(seq, f, 0, send));
  return { w, wire, send };
}

describe('SendWindow', () => {
  it('resends nothing while acks flow, even for messages older than the RTO', () => {
    const { w, wire, send } = setup(5);
    w.ack(0, 5); // an ack at t=5: progress, RTT sample 5 ms
    wire.length = 0;
    w.resendOverdue(w.rtt.rto + 1, send, false); // older than the RTO, but nothing after them was acked
    expect(wire).toEqual([]);
  });

  it('resends a message sent before one that was acked ("RACK"), once per detection', () => {
    const { w, wire, send } = setup(4);
    w.ack(2, 1); // 0 and 1 were sent before 2, which arrived: they are lost
    wire.length = 0;
    // Overdue (age ≥ RTO) but the last ack is less than an RTO old: only the RACK rule can fire.
    const t = w.rtt.rto;
    w.resendOverdue(t, send, false);
    expect(wire).toEqual([0, 1]);
    w.resendOverdue(t + 0.5, send, false); // just resent: not again before another RTO
    expect(wire).toEqual([0, 1]);
    expect(w.resent).toBe(2);
  });

  it('when the peer acks nothing, resends everything overdue and doubles the interval each time', () => {
    const { w, wire, send } = setup(3);
    const rto = w.rtt.rto;
    w.resendOverdue(rto, send, false);
    expect(wire.slice(3)).toEqual([0, 1, 2]);
    w.resendOverdue(2 * rto + 1, send, false); // one RTO later: the interval is now 2 × RTO
    expect(wire.slice(6)).toEqual([]);
    w.resendOverdue(3 * rto + 1, send, false);
    expect(wire.slice(6)).toEqual([0, 1, 2]);
  });

  it('while paused, probes only the oldest message, and not more often than every few seconds', () => {
    const { w, wire, send } = setup(3);
    wire.length = 0;
    w.resendOverdue(10_000, send, true);
    expect(wire).toEqual([0]);
    w.resendOverdue(10_100, send, true);
    expect(wire).toEqual([0]);
  });

  it('a new link gets every un-acked message at once, in order; queued ones are not counted as resent', () => {
    const w = new SendWindow(1024 * 1024);
    frames(3).forEach((f, seq) => w.add(seq, f, 0, undefined)); // no link yet
    const wire: number[] = [];
    w.attach(1, (f) => void wire.push(f[0]!));
    expect(wire).toEqual([0, 1, 2]);
    expect(w.resent).toBe(0);
    w.attach(2, (f) => void wire.push(f[0]!)); // a reconnect: now they are resends
    expect(wire).toEqual([0, 1, 2, 0, 1, 2]);
    expect(w.resent).toBe(3);
    expect(w.ack(1, 3)?.seq).toBe(1);
    expect(w.ack(1, 3)).toBeUndefined();
    expect(w.outgoing.size).toBe(2);
  });
});
