import { describe, expect, it } from 'vitest';
import { forbiddenMessage, resolveTarget } from '../../../../../electron/simulator/agent/dialer.js';
import {
  agentKeepsSmuxKeepAlive,
  decidePortMode,
  encodeHandshakeComplete,
  encodeHandshakeRequest,
  parseHandshakeResponse,
} from '../../../../../electron/simulator/agent/handshake.js';
import { CHUNK_BYTES, OutputPump } from '../../../../../electron/simulator/agent/outputPump.js';
import { SmuxReader } from '../../../../../electron/simulator/agent/smuxReader.js';
import { compareVersions } from '../../../../../electron/simulator/agent/version.js';
import { SMUX } from '../../../../fixtures/goldenVectors.js';

const LPF = { portNumber: '80', localPortNumber: '0', type: 'LocalPortForwarding' };

describe('SmuxReader', () => {
  it('parses the §11.1 golden frames even when split at every byte', () => {
    const all = Buffer.concat([SMUX.syn3, SMUX.pshGet3, SMUX.nop, SMUX.fin3]);
    const r = new SmuxReader();
    const frames = [];
    for (const b of all) {
      const out = r.push(Buffer.from([b]));
      if (!out.ok) throw new Error(out.reason);
      frames.push(...out.frames);
    }
    expect(frames.map((f) => [f.cmd, f.streamId, f.data.toString()])).toEqual([
      [0, 3, ''],
      [2, 3, 'GET /'],
      [3, 0, ''],
      [1, 3, ''],
    ]);
  });

  it('treats a wrong version or unknown cmd as a protocol error', () => {
    expect(new SmuxReader().push(Buffer.from('0200000003000000', 'hex'))).toEqual({
      ok: false,
      reason: 'smux version 2',
    });
    expect(new SmuxReader().push(Buffer.from('0105000003000000', 'hex'))).toEqual({
      ok: false,
      reason: 'smux cmd 5',
    });
  });
});

describe('agent handshake and mode decision', () => {
  it('builds the HandshakeRequest shape of §5.2', () => {
    expect(JSON.parse(encodeHandshakeRequest('3.3.1142.0', LPF).toString())).toEqual({
      AgentVersion: '3.3.1142.0',
      RequestedClientActions: [
        { ActionType: 'SessionType', ActionParameters: { SessionType: 'Port', Properties: LPF } },
      ],
    });
    expect(JSON.parse(encodeHandshakeComplete(1.5).toString())).toEqual({
      HandshakeTimeToComplete: 1_500_000,
      CustomerMessage: '',
    });
  });

  it('rejects responses with a non-success action, accepts success', () => {
    const ok = {
      ClientVersion: '1.2.677.0',
      ProcessedClientActions: [{ ActionType: 'SessionType', ActionStatus: 1 }],
      Errors: null,
    };
    expect(parseHandshakeResponse(Buffer.from(JSON.stringify(ok)))).toEqual({
      ok: true,
      clientVersion: '1.2.677.0',
    });
    const failed = { ...ok, ProcessedClientActions: [{ ActionType: 'SessionType', ActionStatus: 2 }] };
    expect(parseHandshakeResponse(Buffer.from(JSON.stringify(failed))).ok).toBe(false);
    expect(parseHandshakeResponse(Buffer.from('nope')).ok).toBe(false);
  });

  it('decides mux vs basic like §8.1', () => {
    expect(decidePortMode(LPF, '1.2.677.0', '3.3.1142.0')).toBe('mux');
    expect(decidePortMode(LPF, '1.1.70', '3.3.1142.0')).toBe('mux');
    expect(decidePortMode(LPF, '1.1.69.0', '3.3.1142.0')).toBe('basic');
    expect(decidePortMode(LPF, '1.2.677.0', '3.0.196.0')).toBe('basic');
    expect(decidePortMode({ portNumber: '22' }, '1.2.677.0', '3.3.1142.0')).toBe('basic');
  });

  it('keeps smux keep-alive only for clients ≤ 1.2.331.0 (§8.2)', () => {
    expect(agentKeepsSmuxKeepAlive('1.2.331.0')).toBe(true);
    expect(agentKeepsSmuxKeepAlive('1.2.0.0')).toBe(true);
    expect(agentKeepsSmuxKeepAlive('1.2.332.0')).toBe(false);
    expect(agentKeepsSmuxKeepAlive('1.2.677.0')).toBe(false);
  });

  it('compares versions component-wise, fewer components being smaller', () => {
    expect(compareVersions('3.0.196.0', '3.0.196.0')).toBe(0);
    expect(compareVersions('3.0.196.1', '3.0.196.0')).toBe(1);
    expect(compareVersions('3.0.1000.0', '3.0.196.0')).toBe(1);
    expect(compareVersions('1.1.70', '1.1.70.0')).toBe(-1);
  });
});

describe('dialer rules', () => {
  it('maps an empty host to localhost and refuses the EC2 link-local services', () => {
    expect(resolveTarget({ portNumber: '8080' })).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(resolveTarget({ portNumber: '5432', host: 'db.internal' })).toEqual({
      host: 'db.internal',
      port: 5432,
    });
    expect(forbiddenMessage('169.254.169.254')).toBe(
      'Forwarding to IP address 169.254.169.254 is forbidden.',
    );
    expect(forbiddenMessage('fd00:ec2::254')).toBeDefined();
    expect(forbiddenMessage('10.0.0.5')).toBeUndefined();
  });
});

describe('OutputPump', () => {
  it('cuts the byte stream into ≤1024-byte chunks and stops while paused', () => {
    const chunks: Buffer[] = [];
    let paused = false;
    const pump = new OutputPump({
      send: (c) => chunks.push(c),
      isPaused: () => paused,
      pacing: () => 'none',
      onBackpressure: () => {},
    });
    pump.write(Buffer.alloc(2500, 1));
    expect(chunks.map((c) => c.length)).toEqual([CHUNK_BYTES, CHUNK_BYTES, 452]);
    paused = true;
    pump.write(Buffer.from('abc'));
    pump.write(Buffer.from('def'));
    expect(chunks).toHaveLength(3);
    expect(pump.pendingBytes).toBe(6);
    paused = false;
    pump.kick();
    expect(chunks[3]!.toString()).toBe('abcdef');
    pump.close();
  });
});
