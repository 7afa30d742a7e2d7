/** PortMux keep-alive (§8.2) and smux server stream rules, with a fake PortHost and fake timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PortHost } from '../../../../../electron/simulator/agent/portHost.js';
import { PortMux } from '../../../../../electron/simulator/agent/portMux.js';
import { SMUX } from '../../../../fixtures/goldenVectors.js';

function fakeHost(dialOutcome: 'refuse' | 'never' = 'never') {
  const written: Buffer[] = [];
  const messages: [number, Buffer][] = [];
  const failures: string[] = [];
  const host: PortHost = {
    writeStream: (b) => written.push(Buffer.from(b)),
    sendMessage: (pt, p) => messages.push([pt, Buffer.from(p)]),
    dial: () => ({
      result:
        dialOutcome === 'refuse'
          ? Promise.resolve({ kind: 'failed', message: 'dial tcp 127.0.0.1:1: connect: connection refused' })
          : new Promise(() => {}),
      cancel: () => {},
    }),
    fail: (r) => failures.push(r),
    finish: (r) => failures.push(`finished: ${r}`),
    trackSocket: () => {},
    log: () => {},
  };
  return { host, written, messages, failures };
}

describe('PortMux', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('with keep-alive (old client): NOP every 10 s, session failure after 30 s of silence', () => {
    const h = fakeHost();
    const mux = new PortMux(h.host, true);
    vi.advanceTimersByTime(10_000);
    expect(h.written).toEqual([SMUX.nop]);
    vi.advanceTimersByTime(20_000); // first 30 s check: nothing heard since start is allowed once
    mux.input(SMUX.nop);
    vi.advanceTimersByTime(30_000); // heard a NOP in this period
    expect(h.failures).toEqual([]);
    vi.advanceTimersByTime(30_000); // silent period
    expect(h.failures).toEqual(['smux keep-alive timeout: no frame from the client for 30 s']);
    mux.close();
  });

  it('without keep-alive (client > 1.2.331.0): no NOPs and no timeout', () => {
    const h = fakeHost();
    const mux = new PortMux(h.host, false);
    vi.advanceTimersByTime(120_000);
    expect(h.written).toEqual([]);
    expect(h.failures).toEqual([]);
    mux.close();
  });

  it('a refused dial sends ConnectToPortError (PT 10, value 3) then the golden FIN', async () => {
    const h = fakeHost('refuse');
    const mux = new PortMux(h.host, false);
    mux.input(SMUX.syn3);
    await vi.waitFor(() => expect(h.written).toHaveLength(1));
    expect(h.messages.map(([pt, p]) => [pt, p.toString('hex')])).toEqual([[10, '00000003']]);
    expect(h.written[0]!.equals(SMUX.fin3)).toBe(true);
    expect(mux.streamCount).toBe(0);
    mux.close();
  });

  it('UPD in a v1 session and a bad version are protocol errors', () => {
    const h = fakeHost();
    const mux = new PortMux(h.host, false);
    mux.input(Buffer.from('0104080003000000' + '0000000000000100', 'hex'));
    expect(h.failures).toEqual(['smux protocol error: UPD in a v1 session']);
    const h2 = fakeHost();
    new PortMux(h2.host, false).input(Buffer.from('0200000003000000', 'hex'));
    expect(h2.failures).toEqual(['smux protocol error: smux version 2']);
    mux.close();
  });
});
