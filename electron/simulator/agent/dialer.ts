/**
 * How the agent reaches the target (§8.3): `host` empty ⇒ localhost:<portNumber> (we dial 127.0.0.1,
 * this machine), else host:<portNumber>. Addresses in the agent's default
 * DeniedPortForwardingRemoteIPs are refused with the agent's text (§15.18), which ends the session.
 * The refuse/blackhole fault knobs are applied here.
 */
import { connect, isIP, type Socket } from 'node:net';

/** Agent default DeniedPortForwardingRemoteIPs (EC2 link-local services). */
export const DENIED_REMOTE_IPS: readonly string[] = [
  '169.254.169.254',
  'fd00:ec2::254',
  '169.254.169.253',
  'fd00:ec2::253',
  '169.254.169.123',
  'fd00:ec2::123',
  '169.254.169.250',
  '169.254.169.251',
  'fd00:ec2::240',
];

export interface DialTarget {
  readonly host: string;
  readonly port: number;
}

export type DialOutcome =
  | { kind: 'connected'; socket: Socket }
  | { kind: 'failed'; message: string }
  | { kind: 'forbidden'; message: string };

export interface DialFaults {
  refuseTarget: boolean;
  blackholeTarget: boolean;
}

export function resolveTarget(properties: Readonly<Record<string, string>>): DialTarget {
  const host = (properties['host'] ?? '').trim();
  const port = Number.parseInt(properties['portNumber'] ?? '80', 10);
  return { host: host === '' || host === 'localhost' ? '127.0.0.1' : host, port };
}

export function forbiddenMessage(host: string): string | undefined {
  return isIP(host) !== 0 && DENIED_REMOTE_IPS.includes(host.toLowerCase())
    ? `Forwarding to IP address ${host} is forbidden.`
    : undefined;
}

/**
 * Dials; the promise never settles while `blackholeTarget` is on (the returned `cancel` releases
 * it as failed so sessions can close cleanly).
 */
export function dial(
  target: DialTarget,
  faults: DialFaults,
): { result: Promise<DialOutcome>; cancel: () => void } {
  const denied = forbiddenMessage(target.host);
  if (denied !== undefined)
    return { result: Promise.resolve({ kind: 'forbidden', message: denied }), cancel() {} };
  const where = `${target.host}:${target.port}`;
  if (faults.refuseTarget)
    return {
      result: Promise.resolve({ kind: 'failed', message: `dial tcp ${where}: connect: connection refused` }),
      cancel() {},
    };
  let settle: ((o: DialOutcome) => void) | undefined;
  const result = new Promise<DialOutcome>((resolve) => (settle = resolve));
  if (faults.blackholeTarget) {
    return { result, cancel: () => settle?.({ kind: 'failed', message: `dial tcp ${where}: i/o timeout` }) };
  }
  const socket = connect({ host: target.host, port: target.port });
  socket.setNoDelay(true);
  const onError = (e: Error): void => {
    const code = (e as NodeJS.ErrnoException).code;
    const text = code === 'ECONNREFUSED' ? 'connect: connection refused' : e.message;
    settle?.({ kind: 'failed', message: `dial tcp ${where}: ${text}` });
  };
  socket.once('error', onError);
  socket.once('connect', () => {
    socket.off('error', onError);
    settle?.({ kind: 'connected', socket });
  });
  return {
    result,
    cancel: () => {
      socket.destroy();
      settle?.({ kind: 'failed', message: `dial tcp ${where}: cancelled` });
    },
  };
}
