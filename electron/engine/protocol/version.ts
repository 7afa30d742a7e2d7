/**
 * Version comparison and the version-dependent decisions of ssm-protocol.md §8.1/§8.2.
 *
 * The plugin compares dot-separated integers component-wise and answers "not greater" when the
 * component counts differ or a component does not parse (§8.1). We keep that: `compareVersions`
 * returns undefined in those cases and every "greater than" test treats undefined as false.
 */

/** What we report as ClientVersion: a real 4-part version ≥ 1.2.332.0 so the agent picks mux mode
 * (≥ 1.1.70) and disables smux keep-alive (> 1.2.331.0), matching our own rule (§15 pitfall 2). */
export const CLIENT_VERSION = '1.2.677.0';

/** Agents newer than this run smux (mux) port forwarding (§8.1). */
export const MUX_MIN_AGENT_EXCLUSIVE = '3.0.196.0';
/** Agents newer than this disable smux keep-alive for clients > 1.2.331.0 (§8.2). */
export const KEEPALIVE_OFF_AGENT_EXCLUSIVE = '3.1.1511.0';

function parse(v: string): number[] | undefined {
  const parts = v.trim().split('.');
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d+$/.test(p)) return undefined;
    out.push(Number.parseInt(p, 10));
  }
  return out;
}

/** -1 / 0 / 1, or undefined when either side is unparsable or the component counts differ. */
export function compareVersions(a: string, b: string): -1 | 0 | 1 | undefined {
  const pa = parse(a);
  const pb = parse(b);
  if (pa === undefined || pb === undefined || pa.length !== pb.length) return undefined;
  for (let i = 0; i < pa.length; i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function isVersionGreater(a: string, b: string): boolean {
  return compareVersions(a, b) === 1;
}

export type PortMode = 'mux' | 'basic';

/**
 * §8.1 client rule: mux iff properties.type == "LocalPortForwarding" and agentVersion > 3.0.196.0.
 * Without a `type` the plugin would run standard-stream (SSH document), which a port session does
 * not support: undefined.
 */
export function decidePortMode(type: string | undefined, agentVersion: string): PortMode | undefined {
  if (type !== 'LocalPortForwarding') return undefined;
  return isVersionGreater(agentVersion, MUX_MIN_AGENT_EXCLUSIVE) ? 'mux' : 'basic';
}

export interface KeepAlivePolicy {
  /** Send a NOP this often; undefined = never. */
  readonly intervalMs: number | undefined;
  /** Close the mux session when nothing arrived for this long; undefined = never. */
  readonly timeoutMs: number | undefined;
}

/** smux DefaultConfig (§8.2): NOP every 10 s, session dies after 30 s without any frame. */
const SMUX_KEEPALIVE_INTERVAL_MS = 10_000;
const SMUX_KEEPALIVE_TIMEOUT_MS = 30_000;

/**
 * §8.2: with our ClientVersion (> 1.2.331.0) an agent > 3.1.1511.0 sends no NOPs and expects none;
 * NOPs would count as activity and defeat the service idle timeout. Older agents keep smux defaults.
 */
export function keepAlivePolicy(agentVersion: string): KeepAlivePolicy {
  if (isVersionGreater(agentVersion, KEEPALIVE_OFF_AGENT_EXCLUSIVE))
    return { intervalMs: undefined, timeoutMs: undefined };
  return { intervalMs: SMUX_KEEPALIVE_INTERVAL_MS, timeoutMs: SMUX_KEEPALIVE_TIMEOUT_MS };
}
