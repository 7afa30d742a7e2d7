/** Starts test/bench/peer.ts as a child process and talks to it over JSON lines (see peer.ts). */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Peer {
  readonly endpoint: string;
  readonly targetPort: number;
  readonly wsPort: number;
  readonly pid: number;
  request<T = unknown>(cmd: string, extra?: Record<string, unknown>): Promise<T>;
  /** The child's process.cpuUsage() in seconds (user + system). */
  cpuSeconds(): Promise<number>;
  close(): Promise<void>;
}

export async function startPeer(args: string[] = []): Promise<Peer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // e.g. BENCH_PEER_ARGS=--cpu-prof to profile the simulator side
      ...(process.env['BENCH_PEER_ARGS'] ?? '').split(' ').filter((a) => a !== ''),
      '--import',
      'tsx',
      new URL('./peer.ts', import.meta.url).pathname,
      ...args,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const waiting = new Map<number, (v: unknown) => void>();
  let nextId = 1;
  const ready = new Promise<{ endpoint: string; targetPort: number; wsPort: number }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench peer exited early (${code})`)));
    lines.on('line', (line) => {
      let m: { event?: string; id?: number; result?: unknown; error?: string };
      try {
        m = JSON.parse(line) as typeof m;
      } catch {
        return; // a stray log line
      }
      if (m.event === 'ready') return resolve(m as { endpoint: string; targetPort: number; wsPort: number });
      if (m.id !== undefined) {
        const w = waiting.get(m.id);
        waiting.delete(m.id);
        w?.(m.error !== undefined ? new Error(m.error) : m.result);
      }
    });
  });
  const info = await ready;
  const request = <T>(cmd: string, extra: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (v) => (v instanceof Error ? reject(v) : resolve(v as T)));
      child.stdin!.write(JSON.stringify({ id, cmd, ...extra }) + '\n');
    });
  return {
    ...info,
    pid: child.pid ?? 0,
    request,
    async cpuSeconds() {
      const u = await request<{ user: number; system: number }>('cpu');
      return (u.user + u.system) / 1e6;
    },
    async close() {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
