/**
 * The soak run (issue "Reliability and security: faults"): several tunnels through the real engine
 * (TunnelRegistry + session factory + real AWS SDK) to the simulator, mixed echo traffic, and a fault
 * scheduler that keeps changing the simulator's knobs — loss, duplication, reordering, latency
 * spikes, corrupted digests, paused publication, dropped data channels (resumable) and service-ended sessions
 * (deliberate cuts) — for a fixed time. Every byte is checked against what was sent.
 *
 * Accounting per connection: `ok` (all bytes back, identical); `cut` (closed early while a deliberate
 * cut happened during its lifetime — excused); `lost` (closed early with no deliberate cut: its
 * missing bytes are lost bytes, must be 0); `corrupt` (a received byte differs — always a failure).
 * Loopback only; bounded by `durationMs`.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Profile } from '../../shared/model/profile.js';
import { SeededRandom } from '../../electron/simulator/faults.js';
import { startSimulator, type FaultConfig } from '../../electron/simulator/simulator.js';
import { awsContext, registryFor } from '../integration/tunnel/rig.js';

export interface SoakOptions {
  readonly durationMs: number;
  readonly tunnels?: number;
  /** Concurrent connections per tunnel. */
  readonly workers?: number;
  readonly seed?: number;
  /** Pause between fault phases. */
  readonly faultEveryMs?: number;
  readonly log?: (line: string) => void;
}

export interface SoakReport {
  durationMs: number;
  tunnels: number;
  faults: Record<string, number>;
  connections: { ok: number; cut: number; lost: number; corrupt: number; failedToConnect: number };
  bytesSent: number;
  bytesEchoed: number;
  /** Bytes missing from connections that were not deliberately cut. Must be 0. */
  bytesLost: number;
  bytesCorrupt: number;
  memory: { rssMiB: number; heapUsedMiB: number };
  handles: { before: Record<string, number>; after: Record<string, number> };
}

function handleCounts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of process.getActiveResourcesInfo()) out[k] = (out[k] ?? 0) + 1;
  return out;
}

const MIB = 1024 * 1024;

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const log = o.log ?? ((): void => undefined);
  const tunnels = o.tunnels ?? 3;
  const workers = o.workers ?? 2;
  const rnd = new SeededRandom(o.seed ?? 42);
  const handlesBefore = handleCounts();
  const sim = await startSimulator({ agentResend: 'bulk', seed: o.seed ?? 42 });
  const echo = net.createServer((s) => {
    s.on('error', () => {});
    s.pipe(s);
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  const echoPort = (echo.address() as net.AddressInfo).port;
  const ctx = awsContext(sim);
  const registry = registryFor(ctx);

  const report: SoakReport = {
    durationMs: o.durationMs,
    tunnels,
    faults: {},
    connections: { ok: 0, cut: 0, lost: 0, corrupt: 0, failedToConnect: 0 },
    bytesSent: 0,
    bytesEchoed: 0,
    bytesLost: 0,
    bytesCorrupt: 0,
    memory: { rssMiB: 0, heapUsedMiB: 0 },
    handles: { before: handlesBefore, after: {} },
  };
  /**
   * Deliberate cuts as time windows [from, to]: a connection whose lifetime overlaps one is excused.
   * The window outlasts the action: a session created under maxSessionSeconds ends up to that long
   * after the knob is lifted, and a tunnel needs a moment to close its held connections.
   */
  const cutWindows: [number, number][] = [];
  const CUT_GRACE_MS = 2_000;
  const overlapsCut = (from: number, to: number): boolean =>
    cutWindows.some(([a, b]) => a <= to && b >= from);
  let stopping = false;
  let phase = 'healthy';
  let lastCutAt = 0;
  const ports: number[] = [];

  try {
    for (let i = 0; i < tunnels; i++) {
      const snap = await registry.start(
        Profile.parse({
          id: `soak-${i}`,
          name: `soak ${i}`,
          target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
          remotePort: echoPort,
          startMode: 'eager',
        }),
      );
      ports.push(snap.localPort!);
    }

    const oneConnection = (port: number): Promise<void> =>
      new Promise((resolve) => {
        // Mixed sizes: mostly small request/response, sometimes bulk.
        const r = rnd.next();
        const size =
          r < 0.6
            ? 1 + Math.floor(rnd.next() * 2048)
            : r < 0.9
              ? 16_384 + Math.floor(rnd.next() * 65_536)
              : 262_144 + Math.floor(rnd.next() * 524_288);
        const payload = randomBytes(size);
        const startedAt = Date.now();
        let got = 0;
        let corrupt = false;
        let connected = false;
        const c = net.connect(port, '127.0.0.1');
        c.on('connect', () => {
          connected = true;
          report.bytesSent += size;
          c.write(payload);
        });
        c.on('data', (d: Buffer) => {
          const expected = payload.subarray(got, got + d.length);
          if (!corrupt && (d.length > expected.length || !expected.equals(d))) {
            corrupt = true;
            report.bytesCorrupt += d.length;
          }
          got += d.length;
          report.bytesEchoed += d.length;
          if (got >= size) c.end();
        });
        c.on('error', () => undefined);
        c.on('close', () => {
          if (!connected) report.connections.failedToConnect++;
          else if (corrupt) report.connections.corrupt++;
          else if (got >= size) report.connections.ok++;
          else if (overlapsCut(startedAt, Date.now())) report.connections.cut++;
          else {
            report.connections.lost++;
            report.bytesLost += size - got;
            log(
              `[soak] LOST ${size - got} of ${size} bytes on port ${port} (no deliberate cut; phase ${phase}, last cut ${Date.now() - lastCutAt} ms ago)`,
            );
          }
          resolve();
        });
      });

    const worker = async (port: number): Promise<void> => {
      while (!stopping) await oneConnection(port);
    };

    const phases: { name: string; apply: () => void | Promise<void> }[] = [
      { name: 'loss', apply: () => sim.setFaults({ lossRatio: 0.05 }) },
      { name: 'duplicate', apply: () => sim.setFaults({ duplicateRatio: 0.1 }) },
      { name: 'reorder', apply: () => sim.setFaults({ reorderRatio: 0.1 }) },
      { name: 'corruptDigest', apply: () => sim.setFaults({ corruptDigestRatio: 0.05 }) },
      { name: 'latencySpike', apply: () => sim.setFaults({ latencyMs: 150 + Math.floor(rnd.next() * 250) }) },
      { name: 'pausePublication', apply: () => sim.setFaults({ pausePublication: true }) },
      { name: 'dropDataChannels', apply: () => void sim.dropDataChannels() },
      {
        name: 'endSession',
        apply: () => {
          const active = sim.sessions().filter((s) => s.status !== 'Terminated');
          const victim = active[Math.floor(rnd.next() * active.length)];
          if (!victim) return;
          lastCutAt = Date.now();
          cutWindows.push([lastCutAt, lastCutAt + CUT_GRACE_MS]);
          sim.endSession(victim.sessionId, 'soak: deliberate end');
        },
      },
      {
        name: 'agentRestart',
        apply: () => {
          lastCutAt = Date.now();
          // Every session on the node ends; tunnels wait out the offline second, then start anew.
          cutWindows.push([lastCutAt, lastCutAt + 1_000 + CUT_GRACE_MS]);
          sim.restartAgent('i-0123456789abcdef0', { downMs: 1_000 });
        },
      },
      {
        name: 'maxDurationEnd',
        apply: () => {
          lastCutAt = Date.now();
          // Closed when the knob is lifted (below).
          cutWindows.push([lastCutAt, Number.POSITIVE_INFINITY]);
          sim.setFaults({ maxSessionSeconds: 1 });
        },
      },
    ];
    const healthy: Partial<FaultConfig> = {
      lossRatio: 0,
      duplicateRatio: 0,
      reorderRatio: 0,
      corruptDigestRatio: 0,
      latencyMs: 0,
      pausePublication: false,
      maxSessionSeconds: undefined,
    };

    const faultLoop = async (): Promise<void> => {
      const every = o.faultEveryMs ?? 1500;
      // Shuffled rounds: every kind of fault comes once per round, in a seeded random order.
      let deck: typeof phases = [];
      while (!stopping) {
        if (deck.length === 0)
          deck = phases
            .map((ph) => ({ ph, k: rnd.next() }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.ph);
        const p = deck.shift()!;
        report.faults[p.name] = (report.faults[p.name] ?? 0) + 1;
        phase = p.name;
        await p.apply();
        await new Promise((r) => setTimeout(r, every * (0.5 + rnd.next())));
        // A max-duration phase may end sessions until it is lifted: count the lift as part of the cut.
        if (p.name === 'maxDurationEnd')
          cutWindows[cutWindows.length - 1]![1] = Date.now() + 1_000 + CUT_GRACE_MS;
        sim.setFaults(healthy);
        phase = `after ${p.name}`;
        await new Promise((r) => setTimeout(r, every / 2));
      }
    };

    const started = Date.now();
    const all = [...ports.flatMap((p) => Array.from({ length: workers }, () => worker(p))), faultLoop()];
    const progress = setInterval(
      () =>
        log(
          `[soak] ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(report.connections)} sent ${(report.bytesSent / MIB).toFixed(1)} MiB faults ${JSON.stringify(report.faults)}`,
        ),
      10_000,
    );
    await new Promise((r) => setTimeout(r, o.durationMs));
    stopping = true;
    sim.setFaults(healthy);
    clearInterval(progress);
    await Promise.all(all);
  } finally {
    await registry.close();
    ctx.destroy();
    await new Promise<void>((r) => echo.close(() => r()));
    await sim.close();
  }
  const m = process.memoryUsage();
  report.memory = { rssMiB: Math.round(m.rss / MIB), heapUsedMiB: Math.round(m.heapUsed / MIB) };
  // Closed handles vanish on a later loop turn.
  for (let i = 0; i < 100; i++) await new Promise<void>((r) => setImmediate(r));
  report.handles.after = handleCounts();
  return report;
}
