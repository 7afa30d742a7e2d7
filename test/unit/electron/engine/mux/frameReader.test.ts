import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cmd, encodeFrame, type CmdValue } from '../../../../../electron/engine/mux/frame.js';
import { FrameReader } from '../../../../../electron/engine/mux/frameReader.js';

type Parsed = { cmd: CmdValue; id: number; data: string };

/** Parses `chunks` and returns complete frames (PSH pieces re-joined per frame). */
function parse(chunks: Uint8Array[]): { frames: Parsed[]; error: string | undefined } {
  const frames: Parsed[] = [];
  let psh: { id: number; parts: Buffer[] } | undefined;
  let error: string | undefined;
  const r = new FrameReader({
    control: (cmd, id) => {
      if (psh) frames.push({ cmd: Cmd.PSH, id: psh.id, data: Buffer.concat(psh.parts).toString('hex') });
      psh = undefined;
      frames.push({ cmd, id, data: '' });
    },
    data: (id, bytes) => {
      if (psh && psh.id !== id) {
        frames.push({ cmd: Cmd.PSH, id: psh.id, data: Buffer.concat(psh.parts).toString('hex') });
        psh = undefined;
      }
      psh ??= { id, parts: [] };
      psh.parts.push(Buffer.from(bytes));
    },
  });
  for (const c of chunks) error ??= r.push(c)?.code;
  if (psh) frames.push({ cmd: Cmd.PSH, id: psh.id, data: Buffer.concat(psh.parts).toString('hex') });
  return { frames, error };
}

const frameArb = fc.oneof(
  fc.record({
    cmd: fc.constant(Cmd.PSH as CmdValue),
    id: fc.integer({ min: 1, max: 50 }),
    data: fc.uint8Array({ minLength: 1, maxLength: 3000 }),
  }),
  fc.record({
    cmd: fc.constantFrom<CmdValue>(Cmd.SYN, Cmd.FIN, Cmd.NOP),
    id: fc.integer({ min: 0, max: 50 }),
    data: fc.constant(new Uint8Array(0)),
  }),
);

describe('smux FrameReader (§11.1)', () => {
  it('decodes the spec examples', () => {
    const bytes = Buffer.from(
      '0100000003000000' + '010205000300000047455420 2f'.replace(/ /g, '') + '0101000003000000',
      'hex',
    );
    const { frames } = parse([bytes]);
    expect(frames).toEqual([
      { cmd: Cmd.SYN, id: 3, data: '' },
      { cmd: Cmd.PSH, id: 3, data: Buffer.from('GET /').toString('hex') },
      { cmd: Cmd.FIN, id: 3, data: '' },
    ]);
  });

  it('property: any byte split of a valid stream parses the same', () => {
    fc.assert(
      fc.property(
        fc.array(frameArb, { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (frames, cuts) => {
          // Adjacent PSH frames on one stream would merge in `parse`; separate them with a NOP.
          const stream = Buffer.concat(
            frames.flatMap((f) => [encodeFrame(f.cmd, f.id, f.data), encodeFrame(Cmd.NOP, 0)]),
          );
          const whole = parse([stream]);
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const chunks: Uint8Array[] = [];
          let prev = 0;
          for (const p of [...points, stream.length]) {
            chunks.push(stream.subarray(prev, p));
            prev = p;
          }
          const split = parse(chunks);
          expect(split).toEqual(whole);
          expect(whole.frames).toHaveLength(2 * frames.length);
        },
      ),
      { seed: 1234, numRuns: 200 },
    );
  });

  it('rejects a wrong version and a command > 4 with MUX_PROTOCOL_ERROR', () => {
    expect(parse([Buffer.from('0200000003000000', 'hex')]).error).toBe('MUX_PROTOCOL_ERROR');
    expect(parse([Buffer.from('0105000003000000', 'hex')]).error).toBe('MUX_PROTOCOL_ERROR');
  });

  it('skips an UPD body in v1 without losing sync', () => {
    const upd = Buffer.from('010408000300000000800000000001 00'.replace(/ /g, ''), 'hex');
    const { frames, error } = parse([Buffer.concat([upd, encodeFrame(Cmd.FIN, 3)])]);
    expect(error).toBeUndefined();
    expect(frames).toEqual([
      { cmd: Cmd.UPD, id: 3, data: '' },
      { cmd: Cmd.FIN, id: 3, data: '' },
    ]);
  });
});
