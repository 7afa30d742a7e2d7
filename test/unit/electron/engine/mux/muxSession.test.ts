import { describe, expect, it } from 'vitest';
import { Cmd, encodeFrame } from '../../../../../electron/engine/mux/frame.js';
import { MuxSession, type MuxEvent } from '../../../../../electron/engine/mux/muxSession.js';
import { PoisonedError } from '../../../../../electron/engine/channel/errors.js';
import { nullLogger } from '../../../../../electron/engine/ports/logger.js';
import { keepAlivePolicy } from '../../../../../electron/engine/protocol/version.js';
import { FakeClock } from '../../../../fakes/fakeClock.js';

function session(agentVersion = '3.3.1142.0', receiveBufferBytes?: number) {
  const clock = new FakeClock();
  const out: Buffer[] = [];
  const events: MuxEvent[] = [];
  const mux = new MuxSession({
    role: 'client',
    clock,
    logger: nullLogger,
    keepAlive: keepAlivePolicy(agentVersion),
    output: (b) => out.push(b),
    onEvent: (e) => events.push(e),
    ...(receiveBufferBytes !== undefined ? { receiveBufferBytes } : {}),
  });
  return { clock, out, events, mux };
}

describe('MuxSession client role (§8.2, §11.2)', () => {
  it('opens odd stream ids from 3 with a bare SYN', () => {
    const t = session();
    expect([t.mux.openStream(), t.mux.openStream(), t.mux.openStream()]).toEqual([3, 5, 7]);
    expect(t.out[0]!.toString('hex')).toBe('0100000003000000');
  });

  it('splits writes into PSH frames of at most 32 KiB', () => {
    const t = session();
    const id = t.mux.openStream();
    t.out.length = 0;
    const data = Buffer.alloc(70_000);
    for (let i = 0; i < data.length; i++) data[i] = i & 0xff;
    t.mux.write(id, data);
    // One output buffer per write (the channel cuts outputs into 1 KiB messages; one per frame
    // would add a tiny message per frame), holding consecutive PSH frames.
    expect(t.out).toHaveLength(1);
    const all = t.out[0]!;
    const lengths: number[] = [];
    const bodies: Buffer[] = [];
    for (let off = 0; off < all.length; ) {
      expect(all[off + 1]).toBe(Cmd.PSH);
      expect(all.readUInt32LE(off + 4)).toBe(id);
      const n = all.readUInt16LE(off + 2);
      lengths.push(n);
      bodies.push(all.subarray(off + 8, off + 8 + n));
      off += 8 + n;
    }
    expect(lengths).toEqual([32768, 32768, 4464]);
    expect(Buffer.concat(bodies).equals(data)).toBe(true);
  });

  it('FIN from the agent closes the stream fully; later data for it is discarded', () => {
    const t = session();
    const id = t.mux.openStream();
    t.mux.receive(encodeFrame(Cmd.FIN, id));
    t.mux.receive(encodeFrame(Cmd.PSH, id, Buffer.from('late')));
    expect(t.events).toEqual([{ type: 'fin', streamId: id }]);
    t.out.length = 0;
    t.mux.write(id, Buffer.from('x'));
    expect(t.out).toHaveLength(0);
  });

  it('local close sends FIN once and forgets the stream', () => {
    const t = session();
    const id = t.mux.openStream();
    t.mux.close(id);
    t.mux.close(id);
    expect(t.out.map((f) => f.toString('hex'))).toEqual(['0100000003000000', '0101000003000000']);
  });

  it('keep-alive rule: agent > 3.1.1511.0 ⇒ no NOPs and no timeout', () => {
    const t = session('3.3.1142.0');
    t.mux.openStream();
    t.out.length = 0;
    t.clock.advance(120_000);
    expect(t.out).toHaveLength(0);
    expect(t.events).toHaveLength(0);
  });

  it('keep-alive rule: older agent ⇒ NOP every 10 s, session dies after 30 s of silence', () => {
    const t = session('3.1.1511.0');
    t.clock.advance(10_000);
    expect(t.out.map((f) => f.toString('hex'))).toEqual(['0103000000000000']);
    t.clock.advance(20_000); // first check at 30 s: nothing heard
    expect(t.events).toContainEqual(expect.objectContaining({ type: 'fatal' }));
    expect(() => t.mux.openStream()).toThrow(PoisonedError);
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('keep-alive: a NOP from the peer keeps an old-agent session alive', () => {
    const t = session('3.0.500.0');
    for (let i = 0; i < 6; i++) {
      t.mux.receive(encodeFrame(Cmd.NOP, 0));
      t.clock.advance(15_000);
    }
    expect(t.events.filter((e) => e.type === 'fatal')).toHaveLength(0);
  });

  it('tracks the session receive budget', () => {
    const t = session('3.3.1142.0', 1000);
    const id = t.mux.openStream();
    t.mux.receive(encodeFrame(Cmd.PSH, id, Buffer.alloc(1000)));
    expect(t.events.at(-1)).toEqual({
      type: 'data',
      streamId: id,
      data: expect.any(Uint8Array) as Uint8Array,
    });
    expect(t.events).toContainEqual({ type: 'budget', exhausted: true });
    t.mux.consumed(1000);
    expect(t.events.at(-1)).toEqual({ type: 'budget', exhausted: false });
  });

  it('refuses streams opened by the server with a FIN (servers never open streams over SSM)', () => {
    const t = session();
    t.mux.receive(encodeFrame(Cmd.SYN, 2));
    expect(t.out.map((f) => f.toString('hex'))).toEqual(['0101000002000000']);
  });
});
