/**
 * Profiling driver (not part of `npm run bench`): one session, `BENCH_MIB` (default 64) up then
 * down, with the peer (simulator) in its own process. Run the ENGINE side under a profiler:
 *   node --cpu-prof --cpu-prof-dir=prof --import tsx test/bench/profile.ts
 *   valgrind --tool=callgrind node --import tsx test/bench/profile.ts   (instruction counts)
 * and the simulator side with BENCH_PEER_ARGS=--cpu-prof (its profile lands in the cwd).
 * BENCH_DIRS=up (or down, or up,down — the default; wsup/wsdown = the raw WebSocket baseline) picks the directions; BENCH_MODE=basic uses the
 * basic-mode (non-mux) instance; BENCH_ROUNDS repeats the transfers (default 1).
 */
import { BASIC_INSTANCE, MUX_INSTANCE, openEngine } from './engine.js';
import { download, upload } from './load.js';
import { startPeer } from './peerProcess.js';
import { MIB, mibs } from './stats.js';
import { wsDownload, wsUpload } from './wsLoad.js';

const round = (n: number): number => Math.round(n * 100) / 100;
const bytes = Number(process.env['BENCH_MIB'] ?? 64) * MIB;
const dirs = (process.env['BENCH_DIRS'] ?? 'up,down').split(',');
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 1);
const instance = process.env['BENCH_MODE'] === 'basic' ? BASIC_INSTANCE : MUX_INSTANCE;
const peer = await startPeer(['--agent-resend', 'bulk']);
try {
  const e = await openEngine(peer.endpoint, instance, peer.targetPort);
  for (let r = 0; r < rounds; r++) {
    const result: Record<string, number> = {};
    for (const dir of dirs) {
      const cpu0 = process.cpuUsage();
      const peer0 = await peer.cpuSeconds();
      const s =
        dir === 'up'
          ? await upload(e.port, bytes)
          : dir === 'down'
            ? await download(e.port, bytes)
            : dir === 'wsup'
              ? await wsUpload(peer.wsPort, bytes)
              : await wsDownload(peer.wsPort, bytes);
      const cpu = process.cpuUsage(cpu0);
      const gib = bytes / (1024 * MIB);
      result[`${dir}MiBs`] = round(mibs(bytes, s));
      // CPU seconds per GiB moved, this process (engine + load generator) and the simulator's
      result[`${dir}EngineCpuPerGiB`] = round((cpu.user + cpu.system) / 1e6 / gib);
      result[`${dir}PeerCpuPerGiB`] = round(((await peer.cpuSeconds()) - peer0) / gib);
    }
    process.stdout.write(JSON.stringify(result) + '\n');
  }
  await e.close();
} finally {
  await peer.close();
}
