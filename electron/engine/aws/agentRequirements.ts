/**
 * What a target's SSM Agent version allows, known before StartSession from
 * DescribeInstanceInformation's AgentVersion.
 *  - mux (many concurrent connections) needs an agent > 3.0.196.0 (ssm-protocol.md §8.1); older agents
 *    run basic mode: one connection at a time.
 *  - AWS-StartPortForwardingSessionToRemoteHost needs agent ≥ 3.1.1374.0 (AWS Session Manager docs,
 *    "Port forwarding to remote hosts").
 */
export const MUX_MIN_AGENT_EXCLUSIVE = '3.0.196.0';
export const REMOTE_HOST_MIN_AGENT = '3.1.1374.0';

/** Component-wise numeric compare; missing components count as 0. NaN if either does not parse. */
export function compareAgentVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  if ([...pa, ...pb].some((n) => !Number.isInteger(n) || n < 0)) return NaN;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export function agentSupportsMux(version: string): boolean {
  return compareAgentVersions(version, MUX_MIN_AGENT_EXCLUSIVE) > 0;
}

export function agentSupportsRemoteHost(version: string): boolean {
  return compareAgentVersions(version, REMOTE_HOST_MIN_AGENT) >= 0;
}
