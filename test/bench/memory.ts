/** Memory figures: fresh child processes per tunnel count, and growth sampled over a long transfer. */
import { spawn } from 'node:child_process';
import { download, upload } from './load.js';
import { MIB, round } from './stats.js';

export interface MemSnapshot {
  rssMiB: number;
  heapMiB: number;
  externalMiB: number;
}
export interface TunnelMemory {
  n: number;
  empty: MemSnapshot;
  idle: MemSnapshot;
  active: MemSnapshot;
}

export function tunnelMemory(endpoint: string, targetPort: number, n: number): Promise<TunnelMemory> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        new URL('./memChild.ts', import.meta.url).pathname,
        endpoint,
        String(targetPort),
        String(n),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{"n"'));
      if (code !== 0 || !line) return reject(new Error(`memChild ${n} failed (${code}): ${out}`));
      resolve(JSON.parse(line) as TunnelMemory);
    });
  });
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): { heapMiB: number; rssMiB: number; externalMiB: number } {
  gc?.();
  const m = process.memoryUsage();
  return {
    heapMiB: round(m.heapUsed / MIB),
    rssMiB: round(m.rss / MIB),
    externalMiB: round((m.external + m.arrayBuffers) / MIB),
  };
}

/**
 * Moves `bytes` (half up, half down, 4 transfers each way) through an open tunnel port and samples
 * this process's memory every 250 ms. `gc` (run with --expose-gc) makes start/end comparable.
 */
export async function growthOver(
  port: number,
  bytes: number,
): Promise<{
  gcAvailable: boolean;
  start: ReturnType<typeof heapAfterGc>;
  end: ReturnType<typeof heapAfterGc>;
  maxRssMiB: number;
  maxHeapMiB: number;
  samples: number;
}> {
  const start = heapAfterGc();
  let maxRss = 0;
  let maxHeap = 0;
  let samples = 0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    maxRss = Math.max(maxRss, m.rss);
    maxHeap = Math.max(maxHeap, m.heapUsed);
    samples++;
  }, 250);
  try {
    const part = Math.floor(bytes / 8);
    for (let i = 0; i < 4; i++) {
      await upload(port, part);
      await download(port, part);
    }
  } finally {
    clearInterval(timer);
  }
  await new Promise((r) => setTimeout(r, 100));
  return {
    gcAvailable: gc !== undefined,
    start,
    end: heapAfterGc(),
    maxRssMiB: round(maxRss / MIB),
    maxHeapMiB: round(maxHeap / MIB),
    samples,
  };
}
