/**
 * Engine memory with N configured tunnels, measured in a FRESH process (run with --expose-gc):
 * - empty: every engine module loaded, a TunnelRegistry with no tunnel;
 * - idle: N on-demand tunnels listening (no session yet);
 * - active: each tunnel carried a connection (session started, handshake done, smux stream open)
 *   and the connection stays open after a 64 KiB echo.
 * Prints one JSON line: {"n","empty","idle","active"}, each {rssMiB, heapMiB, externalMiB} after GC.
 * Usage: node --expose-gc --import tsx test/bench/memChild.ts <endpoint> <targetPort> <n>
 */
import type net from 'node:net';
import { Profile } from '../../shared/model/profile.js';
import { connect } from './load.js';
import { Command, header } from './peerProtocol.js';
import { awsContext, registryFor } from '../integration/tunnel/rig.js';

const [endpoint, targetPortText, nText] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!endpoint || !targetPortText || !nText || !gc)
  throw new Error('usage: see the header (needs --expose-gc)');

async function settle(): Promise<{ rssMiB: number; heapMiB: number; externalMiB: number }> {
  for (let i = 0; i < 3; i++) {
    gc!();
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = process.memoryUsage();
  const mib = (n: number): number => Math.round((n / 1024 / 1024) * 100) / 100;
  return { rssMiB: mib(m.rss), heapMiB: mib(m.heapUsed), externalMiB: mib(m.external + m.arrayBuffers) };
}

async function echo64k(s: net.Socket): Promise<void> {
  const data = Buffer.alloc(64 * 1024, 1);
  const done = new Promise<void>((resolve) => {
    let got = 0;
    const on = (d: Buffer): void => {
      got += d.length;
      if (got >= data.length) {
        s.off('data', on);
        resolve();
      }
    };
    s.on('data', on);
  });
  s.write(header(Command.Echo));
  s.write(data);
  await done;
}

const n = Number(nText);
const ctx = awsContext({ endpoint: endpoint });
const registry = registryFor(ctx);
// Warm every code path once with a throw-away tunnel so "empty" includes the loaded code.
const warm = await registry.start(
  Profile.parse({
    id: 'warm',
    name: 'warm',
    target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
    remotePort: Number(targetPortText),
  }),
);
const ws = await connect(warm.localPort!);
await echo64k(ws);
ws.destroy();
await registry.stop('warm');
const empty = await settle();
const ports: number[] = [];
for (let i = 0; i < n; i++) {
  const snap = await registry.start(
    Profile.parse({
      id: `t${i}`,
      name: `tunnel ${i}`,
      target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
      remotePort: Number(targetPortText),
      startMode: 'on-demand',
    }),
  );
  ports.push(snap.localPort!);
}
const idle = await settle();
const socks: net.Socket[] = [];
for (const p of ports) {
  const s = await connect(p);
  await echo64k(s);
  socks.push(s);
}
const active = await settle();
process.stdout.write(JSON.stringify({ n, empty, idle, active }) + '\n');
for (const s of socks) s.destroy();
await registry.close();
ctx.destroy();
process.exit(0);
