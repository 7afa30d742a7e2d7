/**
 * Which process is listening on a local TCP port, where the OS tells us (for PORT_IN_USE messages).
 *  - Linux: /proc/net/tcp{,6} gives the LISTEN socket's inode for the port (local_address is
 *    `HEXIP:HEXPORT`, st 0A = LISTEN, inode is column 10); /proc/<pid>/fd/* links read `socket:[inode]`.
 *    Only our own processes are readable without root, so fall back to `ss -ltnpH` (same limit, but
 *    some distros grant it more).
 *  - macOS and others: `lsof -nP -iTCP:<port> -sTCP:LISTEN -Fpc`.
 *  - Windows: `netstat -ano -p TCP` (LISTENING row → pid), then `tasklist /FI "PID eq <pid>" /FO CSV /NH`.
 * Best effort: undefined when nothing can be found out. Never throws.
 */
import { execFile } from 'node:child_process';
import { readFile, readdir, readlink } from 'node:fs/promises';

export interface PortHolder {
  readonly pid: number;
  readonly command: string;
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 3000 }, (err, stdout) => resolve(err ? '' : stdout));
  });
}

async function listenInodes(port: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(f, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      if (local === undefined || cols[3] !== '0A') continue;
      const hexPort = local.split(':').pop() ?? '';
      if (parseInt(hexPort, 16) === port && cols[9] !== undefined && cols[9] !== '0') inodes.add(cols[9]);
    }
  }
  return inodes;
}

async function fromProc(port: number): Promise<PortHolder | undefined> {
  const inodes = await listenInodes(port);
  if (inodes.size === 0) return undefined;
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((d) => /^\d+$/.test(d));
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (m?.[1] !== undefined && inodes.has(m[1])) {
        const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
        return { pid: Number(pid), command: comm || 'unknown' };
      }
    }
  }
  return undefined;
}

/** `LISTEN 0 511 127.0.0.1:5432 0.0.0.0:* users:(("postgres",pid=812,fd=6))` */
async function fromSs(port: number): Promise<PortHolder | undefined> {
  const out = await run('ss', ['-ltnpH', `sport = :${port}`]);
  const m = /users:\(\("([^"]+)",pid=(\d+)/.exec(out);
  return m?.[1] !== undefined ? { pid: Number(m[2]), command: m[1] } : undefined;
}

/** lsof -F output: `p812\ncpostgres\n` */
async function fromLsof(port: number): Promise<PortHolder | undefined> {
  const out = await run('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc']);
  const pid = /^p(\d+)$/m.exec(out)?.[1];
  const cmd = /^c(.+)$/m.exec(out)?.[1];
  return pid !== undefined ? { pid: Number(pid), command: cmd ?? 'unknown' } : undefined;
}

/** `  TCP    127.0.0.1:5432    0.0.0.0:0    LISTENING    812` then `"postgres.exe","812",…` */
async function fromNetstat(port: number): Promise<PortHolder | undefined> {
  const out = await run('netstat', ['-ano', '-p', 'TCP']);
  const row = out
    .split(/\r?\n/)
    .map((l) => l.trim().split(/\s+/))
    .find((c) => c[0] === 'TCP' && c[3] === 'LISTENING' && (c[1] ?? '').endsWith(`:${port}`));
  const pid = Number(row?.[4]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const task = await run('tasklist', ['/FI', `PID eq ${pid}`, '/FO', 'CSV', '/NH']);
  return { pid, command: /^"([^"]+)"/.exec(task.trim())?.[1] ?? 'unknown' };
}

export async function findPortHolder(
  port: number,
  platform = process.platform,
): Promise<PortHolder | undefined> {
  try {
    if (platform === 'linux') return (await fromProc(port)) ?? (await fromSs(port)) ?? (await fromLsof(port));
    if (platform === 'win32') return await fromNetstat(port);
    return await fromLsof(port);
  } catch {
    return undefined;
  }
}
