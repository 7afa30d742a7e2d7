/**
 * `npm run soak -- --duration 300` : the long fault-injection soak (see soakRun.ts). Prints progress
 * every 10 s and the final report as JSON; exits 1 if any byte was lost or corrupted.
 */
import { parseArgs } from 'node:util';
import { runSoak } from './soakRun.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '120' },
    tunnels: { type: 'string', default: '3' },
    workers: { type: 'string', default: '2' },
    seed: { type: 'string', default: '42' },
  },
});
const seconds = Number(values.duration);
if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 24 * 3600) {
  process.stderr.write('--duration must be seconds in 1..86400\n');
  process.exit(2);
}
const report = await runSoak({
  durationMs: seconds * 1000,
  tunnels: Number(values.tunnels),
  workers: Number(values.workers),
  seed: Number(values.seed),
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exit(report.bytesLost === 0 && report.bytesCorrupt === 0 && report.connections.ok > 0 ? 0 : 1);
