/**
 * Handshake payloads on the agent side (§5.2) and the agent's port-mode decision (§8.1, §8.2).
 *
 * HandshakeRequest (PT 5, agent seq 0, Flags SYN):
 *   {"AgentVersion":"…","RequestedClientActions":[{"ActionType":"SessionType",
 *     "ActionParameters":{"SessionType":"Port","Properties":{…resolved document properties…}}}]}
 * HandshakeResponse (PT 6, client): {"ClientVersion":"…","ProcessedClientActions":[{…,"ActionStatus":1}],"Errors":null}
 * HandshakeComplete (PT 7): {"HandshakeTimeToComplete":<ns>,"CustomerMessage":""}
 */
import { compareVersions } from './version.js';

export type PortProperties = Readonly<Record<string, string>>;

export function encodeHandshakeRequest(agentVersion: string, properties: PortProperties): Buffer {
  return Buffer.from(
    JSON.stringify({
      AgentVersion: agentVersion,
      RequestedClientActions: [
        { ActionType: 'SessionType', ActionParameters: { SessionType: 'Port', Properties: properties } },
      ],
    }),
    'utf8',
  );
}

export type HandshakeVerdict = { ok: true; clientVersion: string } | { ok: false; reason: string };

/** The agent cancels the session if any processed action has a status other than 1 (Success). */
export function parseHandshakeResponse(payload: Uint8Array): HandshakeVerdict {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    return { ok: false, reason: 'HandshakeResponse is not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null)
    return { ok: false, reason: 'HandshakeResponse is not an object' };
  const p = parsed as Record<string, unknown>;
  const clientVersion = typeof p['ClientVersion'] === 'string' ? p['ClientVersion'] : '';
  const actions = Array.isArray(p['ProcessedClientActions'])
    ? (p['ProcessedClientActions'] as unknown[])
    : [];
  for (const a of actions) {
    const status =
      typeof a === 'object' && a !== null ? (a as Record<string, unknown>)['ActionStatus'] : undefined;
    if (status !== 1) {
      const type = (a as Record<string, unknown> | null)?.['ActionType'];
      return { ok: false, reason: `client failed action ${String(type)} (status ${String(status)})` };
    }
  }
  return { ok: true, clientVersion };
}

export function encodeHandshakeComplete(elapsedMs: number): Buffer {
  // Go time.Duration: integer nanoseconds.
  return Buffer.from(
    JSON.stringify({ HandshakeTimeToComplete: Math.round(elapsedMs * 1e6), CustomerMessage: '' }),
    'utf8',
  );
}

export type PortMode = 'mux' | 'basic';

/**
 * §8.1: mux iff type == LocalPortForwarding and ClientVersion ≥ 1.1.70 — and the agent is new
 * enough to have mux at all (> 3.0.196.0, the same line the plugin draws).
 */
export function decidePortMode(
  properties: PortProperties,
  clientVersion: string,
  agentVersion: string,
): PortMode {
  if (properties['type'] !== 'LocalPortForwarding') return 'basic';
  if (compareVersions(agentVersion, '3.0.196.0') <= 0) return 'basic';
  return compareVersions(clientVersion, '1.1.70') >= 0 ? 'mux' : 'basic';
}

/** §8.2: the agent keeps smux keep-alive (NOP every 10 s, 30 s timeout) unless ClientVersion > 1.2.331.0. */
export function agentKeepsSmuxKeepAlive(clientVersion: string): boolean {
  return compareVersions(clientVersion, '1.2.331.0') <= 0;
}
