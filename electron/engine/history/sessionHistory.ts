/**
 * Local history of sessions (profile, target, session id, start, end, bytes, end reason) as JSON lines.
 * Owns one file plus rotated copies `<file>.1` … `<file>.<keep>` (newest first). Rotation is by size:
 * before an append would push the file past maxBytes it is renamed to .1 (older ones shift up; the
 * oldest is dropped). Appends are serialised through one promise chain, so concurrent tunnels never
 * interleave lines. Corrupt lines (a crash mid-write, a hand edit) are skipped when reading.
 */
import { appendFile, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HistoryEntry } from '../../../shared/contract/api.js';

/** 1 MiB ≈ 4 000 sessions per file: small enough to read whole for the history view. */
export const DEFAULT_HISTORY_MAX_BYTES = 1024 * 1024;
/** Rotated files kept besides the live one. */
export const DEFAULT_HISTORY_KEEP = 3;

export interface SessionHistoryOptions {
  readonly filePath: string;
  readonly maxBytes?: number;
  readonly keep?: number;
}

export class SessionHistory {
  private readonly maxBytes: number;
  private readonly keep: number;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly opts: SessionHistoryOptions) {
    this.maxBytes = opts.maxBytes ?? DEFAULT_HISTORY_MAX_BYTES;
    this.keep = opts.keep ?? DEFAULT_HISTORY_KEEP;
  }

  /** Validates and appends one entry. Rejects on an invalid entry or an I/O error. */
  append(entry: HistoryEntry): Promise<void> {
    const r = HistoryEntry.safeParse(entry);
    if (!r.success) return Promise.reject(new Error(`invalid history entry: ${r.error.message}`));
    const parsed = r.data;
    const line = `${JSON.stringify(parsed)}\n`;
    const run = this.chain.then(() => this.write(line));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Newest first, at most `limit` entries, across the live file and its rotations. */
  async list(limit = 200): Promise<HistoryEntry[]> {
    await this.chain;
    const out: HistoryEntry[] = [];
    for (let i = 0; i <= this.keep && out.length < limit; i++) {
      const text = await readFile(this.pathOf(i), 'utf8').catch(() => '');
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      for (let j = lines.length - 1; j >= 0 && out.length < limit; j--) {
        const entry = parseLine(lines[j] ?? '');
        if (entry !== undefined) out.push(entry);
      }
    }
    return out;
  }

  private pathOf(i: number): string {
    return i === 0 ? this.opts.filePath : `${this.opts.filePath}.${i}`;
  }

  private async write(line: string): Promise<void> {
    await mkdir(dirname(this.opts.filePath), { recursive: true });
    const size = await stat(this.opts.filePath).then(
      (s) => s.size,
      () => 0,
    );
    if (size > 0 && size + Buffer.byteLength(line) > this.maxBytes) await this.rotate();
    await appendFile(this.opts.filePath, line, { mode: 0o600 });
  }

  private async rotate(): Promise<void> {
    await rm(this.pathOf(this.keep), { force: true });
    for (let i = this.keep - 1; i >= 0; i--)
      await rename(this.pathOf(i), this.pathOf(i + 1)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
  }
}

function parseLine(line: string): HistoryEntry | undefined {
  try {
    const r = HistoryEntry.safeParse(JSON.parse(line));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}
