import { describe, expect, it } from 'vitest';
import {
  encodeHandshakeResponse,
  parseChannelClosedOutput,
  parseHandshakeComplete,
  parseHandshakeRequest,
  processActions,
} from '../../../../../electron/engine/protocol/handshake.js';
import {
  compareVersions,
  decidePortMode,
  keepAlivePolicy,
} from '../../../../../electron/engine/protocol/version.js';

const req = (actions: unknown[]) =>
  Buffer.from(JSON.stringify({ AgentVersion: '3.3.1142.0', RequestedClientActions: actions }));

describe('handshake payloads (§5.2)', () => {
  it('parses the request and answers SessionType Port with Success', () => {
    const r = parseHandshakeRequest(
      req([
        {
          ActionType: 'SessionType',
          ActionParameters: {
            SessionType: 'Port',
            Properties: { portNumber: '80', type: 'LocalPortForwarding' },
          },
        },
      ]),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.properties).toEqual({ portNumber: '80', type: 'LocalPortForwarding' });
    const json = JSON.parse(encodeHandshakeResponse(processActions(r.value)).toString()) as unknown;
    expect(json).toEqual({
      ClientVersion: '1.2.677.0',
      ProcessedClientActions: [{ ActionType: 'SessionType', ActionStatus: 1, ActionResult: null, Error: '' }],
      Errors: null,
    });
  });

  it('fails a non-Port session type and rejects non-JSON', () => {
    const r = parseHandshakeRequest(
      req([{ ActionType: 'SessionType', ActionParameters: { SessionType: 'Standard_Stream' } }]),
    );
    expect(r.ok && processActions(r.value)[0]?.ActionStatus).toBe(2);
    expect(parseHandshakeRequest(Buffer.from('nope')).ok).toBe(false);
  });

  it('parses HandshakeComplete and channel_closed Output', () => {
    const c = parseHandshakeComplete(Buffer.from('{"HandshakeTimeToComplete":5,"CustomerMessage":"hi"}'));
    expect(c.ok && c.value).toEqual({ handshakeTimeToCompleteNs: 5, customerMessage: 'hi' });
    expect(parseChannelClosedOutput(Buffer.from('{"Output":"bye"}'))).toBe('bye');
    expect(parseChannelClosedOutput(Buffer.from(''))).toBe('');
  });
});

describe('version rules (§8.1, §8.2)', () => {
  it('compares 4-component versions numerically; mismatched counts are not comparable', () => {
    expect(compareVersions('3.0.196.0', '3.0.196.0')).toBe(0);
    expect(compareVersions('3.0.1000.0', '3.0.196.0')).toBe(1);
    expect(compareVersions('3.0.196', '3.0.196.0')).toBeUndefined();
    expect(compareVersions('x.1.2.3', '3.0.196.0')).toBeUndefined();
  });

  it('mux iff LocalPortForwarding and agent > 3.0.196.0', () => {
    expect(decidePortMode('LocalPortForwarding', '3.0.196.1')).toBe('mux');
    expect(decidePortMode('LocalPortForwarding', '3.0.196.0')).toBe('basic');
    expect(decidePortMode('LocalPortForwarding', 'garbage')).toBe('basic');
    expect(decidePortMode(undefined, '3.3.1142.0')).toBeUndefined();
  });

  it('keep-alive off iff agent > 3.1.1511.0', () => {
    expect(keepAlivePolicy('3.1.1511.1').intervalMs).toBeUndefined();
    expect(keepAlivePolicy('3.1.1511.0')).toEqual({ intervalMs: 10_000, timeoutMs: 30_000 });
  });
});
