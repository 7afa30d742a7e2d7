/**
 * Property-based fuzzing of the two smux v1 frame parsers (ssm-protocol.md §11.1): the client's
 * streaming FrameReader (engine/mux) and the simulator agent's SmuxReader. Arbitrary bytes must
 * never throw; valid streams split at arbitrary points must yield exactly the frames that were
 * written; both parsers must agree on what is a protocol error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cmd, encodeFrame, type CmdValue } from '../../../electron/engine/mux/frame.js';
import { FrameReader } from '../../../electron/engine/mux/frameReader.js';
import { SmuxReader } from '../../../electron/simulator/agent/smuxReader.js';
import { fuzzParams, timed } from './runs.js';

interface Seen {
  cmd: number;
  streamId: number;
  data: Buffer;
}

/** Feeds chunks to a FrameReader and rebuilds whole frames (PSH bodies arrive in pieces). */
function readAll(chunks: readonly Uint8Array[]): { frames: Seen[]; error: string | undefined } {
  const frames: Seen[] = [];
  let psh: Buffer[] = [];
  let pshId = -1;
  const flush = (): void => {
    if (pshId >= 0) frames.push({ cmd: Cmd.PSH, streamId: pshId, data: Buffer.concat(psh) });
    psh = [];
    pshId = -1;
  };
  const r = new FrameReader({
    control(cmd: CmdValue, streamId: number) {
      flush();
      frames.push({ cmd, streamId, data: Buffer.alloc(0) });
    },
    data(streamId: number, bytes: Uint8Array) {
      expect(bytes.length).toBeGreaterThan(0);
      if (pshId !== streamId) flush();
      pshId = streamId;
      psh.push(Buffer.from(bytes));
    },
  });
  let error: string | undefined;
  for (const c of chunks) {
    const e = r.push(c);
    if (e) {
      expect(e.code).toBe('MUX_PROTOCOL_ERROR');
      // Sticky: once failed, every later push reports the same error.
      expect(r.push(Buffer.from([1, 3, 0, 0, 0, 0, 0, 0]))).toBe(e);
      error = e.message;
      break;
    }
  }
  flush();
  return { frames, error };
}

const frameArb = fc.record({
  cmd: fc.constantFrom<CmdValue>(Cmd.SYN, Cmd.FIN, Cmd.PSH, Cmd.NOP),
  streamId: fc.integer({ min: 0, max: 0xffffffff }),
  data: fc.uint8Array({ minLength: 1, maxLength: 600 }),
});

/** Splits `buf` at the given cut points (deduplicated, sorted, modulo length). */
function split(buf: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => (buf.length === 0 ? 0 : c % buf.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(buf.subarray(prev, c));
    prev = c;
  }
  out.push(buf.subarray(prev));
  return out;
}

describe('fuzz: smux frame parsers', () => {
  it('FrameReader never throws on arbitrary bytes and reports MUX_PROTOCOL_ERROR', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }), (chunks) => {
        timed(() => readAll(chunks));
      }),
      fuzzParams(),
    );
  });

  it('yields exactly the frames written, however the byte stream is split', () => {
    fc.assert(
      fc.property(
        fc.array(frameArb, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (fs, cuts) => {
          // Consecutive PSH frames on one stream merge in readAll; the stream of bytes per stream is what counts.
          const stream = Buffer.concat(
            fs.map((f) => encodeFrame(f.cmd, f.streamId, f.cmd === Cmd.PSH ? f.data : new Uint8Array(0))),
          );
          const { frames, error } = readAll(split(stream, cuts));
          expect(error).toBeUndefined();
          const expected: Seen[] = [];
          for (const f of fs) {
            const last = expected.at(-1);
            if (f.cmd === Cmd.PSH && last?.cmd === Cmd.PSH && last.streamId === f.streamId)
              last.data = Buffer.concat([last.data, Buffer.from(f.data)]);
            else
              expected.push({
                cmd: f.cmd,
                streamId: f.streamId,
                data: f.cmd === Cmd.PSH ? Buffer.from(f.data) : Buffer.alloc(0),
              });
          }
          expect(frames).toEqual(expected);
        },
      ),
      fuzzParams(),
    );
  });

  it('the client FrameReader and the simulator SmuxReader agree on errors and complete frames', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            frameArb.map((f) =>
              encodeFrame(f.cmd, f.streamId, f.cmd === Cmd.PSH ? f.data : new Uint8Array(0)),
            ),
            fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b)),
          ),
          { maxLength: 8 },
        ),
        (parts) => {
          const bytes = Buffer.concat(parts);
          const sim = new SmuxReader();
          const s = timed(() => sim.push(bytes));
          const c = readAll([bytes]);
          expect(c.error !== undefined).toBe(!s.ok);
          if (s.ok) {
            // Every complete frame the simulator saw, the client saw with the same content.
            const simPsh = s.frames.filter((f) => f.cmd === Cmd.PSH).map((f) => f.data);
            const cliPsh = Buffer.concat(c.frames.filter((f) => f.cmd === Cmd.PSH).map((f) => f.data));
            expect(cliPsh.subarray(0, Buffer.concat(simPsh).length)).toEqual(Buffer.concat(simPsh));
            expect(c.frames.filter((f) => f.cmd !== Cmd.PSH).map((f) => [f.cmd, f.streamId])).toEqual(
              s.frames.filter((f) => f.cmd !== Cmd.PSH).map((f) => [f.cmd, f.streamId]),
            );
          }
        },
      ),
      fuzzParams(),
    );
  });

  it('rejects a wrong version and commands above UPD', () => {
    expect(readAll([Buffer.from([2, Cmd.NOP, 0, 0, 0, 0, 0, 0])]).error).toMatch(/version 2/);
    expect(readAll([Buffer.from([1, 5, 0, 0, 0, 0, 0, 0])]).error).toMatch(/command 5/);
    expect(new SmuxReader().push(Buffer.from([1, 9, 0, 0, 0, 0, 0, 0])).ok).toBe(false);
  });
});
