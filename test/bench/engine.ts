/** Engine measurements through the simulator: upload, download, 1-byte echo RTT. */
import net from 'node:net';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SdkSessionApi } from '../../electron/engine/aws/ssmSessionApi.js';
import { nullLogger } from '../../electron/engine/ports/logger.js';
import { startPortSession } from '../../electron/engine/session/startPortSession.js';
import type { PortSession } from '../../electron/engine/session/types.js';
import { systemClock, systemRandom } from '../../electron/engine/transport/clock.js';
import { percentile } from './stats.js';

const MIB = 1024 * 1024;

interface Target {
  port: number;
  server: net.Server;
  /** Resolves when the target received `n` bytes on its current connection. */
  expect(n: number): Promise<void>;
  /** The next connection gets `n` bytes sent to it. */
  sendOnConnect: number;
}

async function target(): Promise<Target> {
  let want = Infinity;
  let got = 0;
  let resolveGot: (() => void) | undefined;
  const t: Target = {
    port: 0,
    server: net.createServer((s) => {
      s.on('error', () => {});
      s.setNoDelay(true);
      got = 0;
      if (t.sendOnConnect > 0) {
        const chunk = Buffer.alloc(64 * 1024, 2);
        let left = t.sendOnConnect;
        const pump = (): void => {
          while (left > 0) {
            left -= chunk.length;
            if (!s.write(chunk)) return void s.once('drain', pump);
          }
        };
        pump();
      }
      s.on('data', (d: Buffer) => {
        if (want === -1) return void s.write(d); // echo mode
        got += d.length;
        if (got >= want) resolveGot?.();
      });
    }),
    expect(n) {
      want = n;
      return new Promise((r) => (resolveGot = r));
    },
    sendOnConnect: 0,
  };
  await new Promise<void>((r) => t.server.listen(0, '127.0.0.1', r));
  t.port = (t.server.address() as net.AddressInfo).port;
  return t;
}

function connectLocal(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1', () => resolve(c));
    c.setNoDelay(true);
    c.on('error', reject);
  });
}

export interface EngineNumbers {
  upMiBs: number;
  downMiBs: number;
  rttP50: number;
  rttP99: number;
}

export async function measureEngine(
  endpoint: string,
  instance: string,
  bytes: number,
  pings: number,
): Promise<EngineNumbers> {
  const t = await target();
  const session: PortSession = await startPortSession({
    api: new SdkSessionApi(
      new SSMClient({
        region: 'us-east-1',
        endpoint,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      }),
    ),
    clock: systemClock,
    random: systemRandom,
    logger: nullLogger,
    target: instance,
    remotePort: t.port,
  });
  const local = net.createServer((s) => session.attach(s));
  await new Promise<void>((r) => local.listen(0, '127.0.0.1', r));
  const lport = (local.address() as net.AddressInfo).port;
  try {
    // Upload
    const up = await connectLocal(lport);
    const got = t.expect(bytes);
    const chunk = Buffer.alloc(64 * 1024, 1);
    let t0 = performance.now();
    for (let sent = 0; sent < bytes; sent += chunk.length)
      if (!up.write(chunk)) await new Promise((r) => up.once('drain', r));
    await got;
    const upMiBs = bytes / MIB / ((performance.now() - t0) / 1000);
    up.destroy();
    // Download
    t.sendOnConnect = bytes;
    t0 = performance.now();
    const down = await connectLocal(lport);
    // Basic mode re-dials the target only when the client sends something (§8.4, §15 pitfall 9).
    down.write(Buffer.from([0]));
    await new Promise<void>((resolve) => {
      let n = 0;
      down.on('data', (d: Buffer) => {
        n += d.length;
        if (n >= bytes) resolve();
      });
    });
    const downMiBs = bytes / MIB / ((performance.now() - t0) / 1000);
    down.destroy();
    t.sendOnConnect = 0;
    // Echo RTT
    void t.expect(-1);
    const e = await connectLocal(lport);
    const rtts: number[] = [];
    for (let i = 0; i < pings; i++) {
      const s = performance.now();
      e.write(Buffer.from([i & 0xff]));
      await new Promise((r) => e.once('data', r));
      rtts.push(performance.now() - s);
    }
    e.destroy();
    return { upMiBs, downMiBs, rttP50: percentile(rtts, 50), rttP99: percentile(rtts, 99) };
  } finally {
    await session.terminate();
    await new Promise<void>((r) => local.close(() => r()));
    await new Promise<void>((r) => t.server.close(() => r()));
  }
}
