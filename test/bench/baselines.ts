/** Raw loopback baselines measured in the same run as the engine (so results are ratios, not absolutes). */
import net from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';
import { percentile } from './stats.js';

const KIB = 1024;

export async function rawTcp(
  bytes: number,
  pings: number,
): Promise<{ upMiBs: number; rttP50: number; rttP99: number }> {
  let received = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const server = net.createServer((s) => {
    s.on('data', (d: Buffer) => {
      if (d.length === 1 && received === -1) return void s.write(d);
      received += d.length;
      if (received >= bytes) done();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const c = net.connect(port, '127.0.0.1');
  c.setNoDelay(true);
  await new Promise<void>((r) => c.once('connect', r));
  const chunk = Buffer.alloc(64 * KIB, 1);
  const t0 = performance.now();
  for (let sent = 0; sent < bytes; sent += chunk.length)
    if (!c.write(chunk)) await new Promise((r) => c.once('drain', r));
  await finished;
  const upMiBs = bytes / (1024 * 1024) / ((performance.now() - t0) / 1000);
  received = -1; // echo mode
  const rtts: number[] = [];
  for (let i = 0; i < pings; i++) {
    const s = performance.now();
    c.write(Buffer.from([i & 0xff]));
    await new Promise((r) => c.once('data', r));
    rtts.push(performance.now() - s);
  }
  c.destroy();
  await new Promise<void>((r) => server.close(() => r()));
  return { upMiBs, rttP50: percentile(rtts, 50), rttP99: percentile(rtts, 99) };
}

/** WebSocket with 1 KiB binary messages, like the data channel's message size. */
export async function rawWs(
  bytes: number,
  pings: number,
): Promise<{ upMiBs: number; rttP50: number; rttP99: number }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((r) => wss.once('listening', r));
  let received = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  wss.on('connection', (s) => {
    s.on('message', (d: Buffer) => {
      if (received === -1) return void s.send(d);
      received += d.length;
      if (received >= bytes) done();
    });
  });
  const port = (wss.address() as net.AddressInfo).port;
  const c = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  await new Promise<void>((r) => c.once('open', r));
  const msg = Buffer.alloc(KIB, 1);
  const t0 = performance.now();
  for (let sent = 0; sent < bytes; sent += KIB) {
    c.send(msg);
    if (c.bufferedAmount > 4 * 1024 * KIB) await new Promise((r) => setImmediate(r));
  }
  await finished;
  const upMiBs = bytes / (1024 * 1024) / ((performance.now() - t0) / 1000);
  received = -1;
  const rtts: number[] = [];
  for (let i = 0; i < pings; i++) {
    const s = performance.now();
    c.send(Buffer.from([i & 0xff]));
    await new Promise((r) => c.once('message', r));
    rtts.push(performance.now() - s);
  }
  c.close();
  await new Promise<void>((r) => wss.close(() => r()));
  return { upMiBs, rttP50: percentile(rtts, 50), rttP99: percentile(rtts, 99) };
}
