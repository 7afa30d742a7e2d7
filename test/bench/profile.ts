/**
 * Profiling driver (not part of `npm run bench`): one mux session, `BENCH_MIB` (default 64) up then
 * down, with the peer (simulator) in its own process. Run the ENGINE side under a profiler:
 *   node --cpu-prof --cpu-prof-dir=prof --import tsx test/bench/profile.ts
 *   valgrind --tool=callgrind node --import tsx test/bench/profile.ts   (instruction counts)
 * and the simulator side with BENCH_PEER_ARGS=--cpu-prof (its profile lands in the cwd).
 */
import { MUX_INSTANCE, openEngine } from './engine.js';
import { download, upload } from './load.js';
import { startPeer } from './peerProcess.js';
import { MIB, mibs } from './stats.js';

const bytes = Number(process.env['BENCH_MIB'] ?? 64) * MIB;
const peer = await startPeer(['--agent-resend', 'bulk']);
try {
  const e = await openEngine(peer.endpoint, MUX_INSTANCE, peer.targetPort);
  const up = mibs(bytes, await upload(e.port, bytes));
  const down = mibs(bytes, await download(e.port, bytes));
  process.stdout.write(JSON.stringify({ upMiBs: up, downMiBs: down }) + '\n');
  await e.close();
} finally {
  await peer.close();
}
