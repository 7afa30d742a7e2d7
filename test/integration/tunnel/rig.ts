/**
 * Integration rig for the tunnel supervisor: the real simulator, the real AWS SDK (through
 * createAwsContext), H1's real data-channel engine (createSessionFactory), real loopback sockets.
 */
import net from 'node:net';
import { Profile } from '../../../shared/model/profile.js';
import type { TunnelSnapshot } from '../../../shared/model/tunnel.js';
import { createAwsContext, type AwsContext } from '../../../electron/engine/aws/clientFactory.js';
import { nullLogger, type Logger } from '../../../electron/engine/ports/logger.js';
import { systemClock, systemRandom } from '../../../electron/engine/transport/clock.js';
import { createSessionFactory } from '../../../electron/engine/tunnel/sessionFactory.js';
import { TunnelRegistry } from '../../../electron/engine/tunnel/tunnelRegistry.js';
import type { Simulator } from '../../../electron/simulator/simulator.js';

export const MUX_INSTANCE = 'i-0123456789abcdef0';

/** An AwsContext with static test keys, every service at the simulator's one endpoint. */
export function awsContext(sim: Pick<Simulator, 'endpoint'>): AwsContext {
  return createAwsContext({
    simulatorEndpoint: sim.endpoint,
    region: 'us-east-1',
    env: { AWS_ACCESS_KEY_ID: 'AKIDTUNNEL', AWS_SECRET_ACCESS_KEY: 'tunnel-test', AWS_REGION: 'us-east-1' },
  });
}

export function registryFor(ctx: AwsContext, logger: Logger = nullLogger): TunnelRegistry {
  return new TunnelRegistry({
    sessionFactory: createSessionFactory({
      awsContext: () => ctx,
      clock: systemClock,
      random: systemRandom,
      logger,
    }),
    logger,
  });
}

export function tunnelProfile(remotePort: number, extra: Record<string, unknown> = {}): Profile {
  return Profile.parse({
    id: 'it',
    name: 'integration tunnel',
    target: { kind: 'instance', instanceId: MUX_INSTANCE },
    remotePort,
    ...extra,
  });
}

/** Resolves with the first published snapshot (or the current one) that matches. */
export function waitForSnapshot(
  registry: TunnelRegistry,
  id: string,
  pred: (s: TunnelSnapshot) => boolean,
): Promise<TunnelSnapshot> {
  return new Promise((resolve) => {
    const now = registry.get(id);
    if (now && pred(now)) {
      resolve(now);
      return;
    }
    const off = registry.onUpdate((s) => {
      if (s.profileId === id && pred(s)) {
        off();
        resolve(s);
      }
    });
  });
}

/** One echo round trip through the tunnel: connect, write, read the same bytes back, close. */
export function echoOnce(port: number, payload: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let n = 0;
    c.on('data', (d: Buffer) => {
      chunks.push(d);
      n += d.length;
      if (n >= payload.length) {
        c.destroy();
        resolve(Buffer.concat(chunks));
      }
    });
    c.on('error', reject);
    c.on('close', () => {
      if (n < payload.length) reject(new Error(`connection closed after ${n} of ${payload.length} bytes`));
    });
    c.write(payload);
  });
}

export async function echoServer(): Promise<{ port: number; server: net.Server }> {
  const server = net.createServer((s) => {
    s.on('error', () => {});
    s.pipe(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, server };
}

export function closeServer(s: net.Server | undefined): Promise<void> {
  return new Promise((r) => (s ? s.close(() => r()) : r()));
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
