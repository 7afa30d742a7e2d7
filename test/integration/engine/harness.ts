/**
 * Integration harness: the real simulator, the real @aws-sdk/client-ssm, real loopback TCP.
 * A "target" server stands in for the service behind the instance; a local listener hands accepted
 * sockets to PortSession.attach (the job H7's tunnel supervisor does in the product).
 */
import { createHash } from 'node:crypto';
import net from 'node:net';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SdkSessionApi } from '../../../electron/engine/aws/ssmSessionApi.js';
import { nullLogger, type Logger } from '../../../electron/engine/ports/logger.js';
import { startPortSession } from '../../../electron/engine/session/startPortSession.js';
import type { StartPortSessionOptions } from '../../../electron/engine/session/options.js';
import type { PortSession, PortSessionEvent } from '../../../electron/engine/session/types.js';
import { systemClock, systemRandom } from '../../../electron/engine/transport/clock.js';

export const MUX_INSTANCE = 'i-0123456789abcdef0';
export const BASIC_INSTANCE = 'i-0aaaaaaaaaaaaaaa1';

export function ssmClient(endpoint: string): SSMClient {
  return new SSMClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
  });
}

/**
 * A TCP server on 127.0.0.1:0 standing in for the service behind the instance. 'echo' echoes;
 * 'hash' hashes everything it receives (resolving once `expectUpload` bytes arrived) and, after the
 * client's first bytes, sends `download` (basic mode only dials/re-dials on client data, §8.4).
 */
export async function startTarget(
  mode: 'echo' | 'hash',
  opts: { download?: Buffer; expectUpload?: number } = {},
): Promise<{ port: number; server: net.Server; received: Promise<string>[] }> {
  const received: Promise<string>[] = [];
  const server = net.createServer((s) => {
    s.on('error', () => {});
    if (mode === 'echo') {
      s.pipe(s);
      return;
    }
    const h = createHash('sha256');
    let n = 0;
    let sent = false;
    received.push(
      new Promise<string>((resolve) => {
        s.on('data', (d: Buffer) => {
          if (!sent && opts.download) s.write(opts.download);
          sent = true;
          h.update(d);
          n += d.length;
          if (opts.expectUpload !== undefined && n >= opts.expectUpload) resolve(h.digest('hex'));
        });
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, server, received };
}

/** A local listener whose sockets go to the session. */
export async function startLocal(session: PortSession): Promise<{ port: number; server: net.Server }> {
  const server = net.createServer((s) => session.attach(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, server };
}

export async function openSession(
  endpoint: string,
  o: Partial<StartPortSessionOptions> & { remotePort: number; target: string },
  logger: Logger = nullLogger,
): Promise<{ session: PortSession; events: PortSessionEvent[] }> {
  const session = await startPortSession({
    api: new SdkSessionApi(ssmClient(endpoint)),
    clock: systemClock,
    random: systemRandom,
    logger,
    ...o,
  });
  const events: PortSessionEvent[] = [];
  session.onEvent((e) => events.push(e));
  return { session, events };
}

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Connects to the local port, writes `upload` (then ends if asked), returns what came back. */
export function transfer(
  port: number,
  upload: Buffer,
  opts: { end?: boolean; expectBytes?: number } = {},
): Promise<{ hash: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1');
    const h = createHash('sha256');
    let n = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      c.destroy();
      resolve({ hash: h.digest('hex'), bytes: n });
    };
    c.on('data', (d: Buffer) => {
      h.update(d);
      n += d.length;
      if (opts.expectBytes !== undefined && n >= opts.expectBytes) finish();
    });
    c.on('end', finish);
    c.on('close', finish);
    c.on('error', reject);
    c.write(upload, () => {
      if (opts.end) c.end();
    });
  });
}

export function closeServer(s: net.Server | undefined): Promise<void> {
  return new Promise((r) => (s ? s.close(() => r()) : r()));
}

export function waitFor<T extends PortSessionEvent['type']>(
  session: PortSession,
  type: T,
): Promise<Extract<PortSessionEvent, { type: T }>> {
  return new Promise((resolve) => {
    const off = session.onEvent((e) => {
      if (e.type === type) {
        off();
        resolve(e as Extract<PortSessionEvent, { type: T }>);
      }
    });
  });
}
