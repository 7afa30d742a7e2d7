/**
 * `npm run bench`: engine throughput and latency through the simulator, next to raw loopback TCP and
 * raw loopback WebSocket (1 KiB messages) measured in the same run; reported as ratios.
 * A benchmark, not a test: it asserts nothing. Output: bench-results/latest.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { startSimulator } from '../../electron/simulator/simulator.js';
import { rawTcp, rawWs } from './baselines.js';
import { measureEngine, type EngineNumbers } from './engine.js';
import { round } from './stats.js';

const MIB = 1024 * 1024;
const BYTES = Number(process.env['BENCH_MIB'] ?? 32) * MIB;
const PACED_BYTES = Number(process.env['BENCH_PACED_MIB'] ?? 4) * MIB;
const PINGS = 500;

function fmt(n: EngineNumbers): Record<string, number> {
  return {
    upMiBs: round(n.upMiBs),
    downMiBs: round(n.downMiBs),
    rttP50Ms: round(n.rttP50, 3),
    rttP99Ms: round(n.rttP99, 3),
  };
}

async function main(): Promise<void> {
  const tcp = await rawTcp(BYTES, PINGS);
  const ws = await rawWs(BYTES, PINGS);
  const sim = await startSimulator();
  try {
    const mux = await measureEngine(sim.endpoint, 'i-0123456789abcdef0', BYTES, PINGS);
    const basic = await measureEngine(sim.endpoint, 'i-0aaaaaaaaaaaaaaa1', BYTES, PINGS);
    sim.setFaults({ pacing: 'agent' });
    const paced = await measureEngine(sim.endpoint, 'i-0123456789abcdef0', PACED_BYTES, 100);
    const result = {
      at: new Date().toISOString(),
      node: process.version,
      bytes: BYTES,
      baselines: {
        rawTcp: { upMiBs: round(tcp.upMiBs), rttP50Ms: round(tcp.rttP50, 3), rttP99Ms: round(tcp.rttP99, 3) },
        rawWs1KiB: { upMiBs: round(ws.upMiBs), rttP50Ms: round(ws.rttP50, 3), rttP99Ms: round(ws.rttP99, 3) },
      },
      engine: { mux: fmt(mux), basic: fmt(basic), muxAgentPaced: fmt(paced) },
      ratios: {
        muxUpVsRawWs: round(mux.upMiBs / ws.upMiBs, 3),
        muxDownVsRawWs: round(mux.downMiBs / ws.upMiBs, 3),
        muxUpVsRawTcp: round(mux.upMiBs / tcp.upMiBs, 4),
        muxRttP50VsRawWs: round(mux.rttP50 / ws.rttP50, 2),
        muxRttP50VsRawTcp: round(mux.rttP50 / tcp.rttP50, 2),
      },
    };
    await mkdir('bench-results', { recursive: true });
    await writeFile('bench-results/latest.json', JSON.stringify(result, null, 2) + '\n');
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    await sim.close();
  }
}

await main();
