import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../../../shared/contract/api.js';
import { SessionHistory } from '../../../../../electron/engine/history/sessionHistory.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bl-history-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function entry(i: number): HistoryEntry {
  return {
    profileId: `p${i}`,
    profileName: `profile ${i}`,
    target: 'i-0123456789abcdef0',
    sessionId: `simuser-${String(i).padStart(17, '0')}`,
    startedAt: 1_700_000_000_000 + i,
    endedAt: 1_700_000_100_000 + i,
    bytesIn: i * 10,
    bytesOut: i * 20,
    endReason: 'stopped by user',
  };
}

describe('SessionHistory', () => {
  it('appends JSON lines and lists newest first', async () => {
    const file = join(dir, 'sub', 'history.jsonl');
    const h = new SessionHistory({ filePath: file });
    for (let i = 0; i < 5; i++) await h.append(entry(i));
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines[0]!)).toEqual(entry(0));
    expect((await h.list(3)).map((e) => e.profileId)).toEqual(['p4', 'p3', 'p2']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('concurrent appends never interleave', async () => {
    const file = join(dir, 'h.jsonl');
    const h = new SessionHistory({ filePath: file });
    await Promise.all(Array.from({ length: 50 }, (_, i) => h.append(entry(i))));
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(50);
    for (const l of lines) expect(() => JSON.parse(l) as unknown).not.toThrow();
    expect(await h.list(1000)).toHaveLength(50);
  });

  it('rotates by size, keeps N files, and lists across them', async () => {
    const file = join(dir, 'h.jsonl');
    const lineBytes = Buffer.byteLength(`${JSON.stringify(entry(10))}\n`);
    const h = new SessionHistory({ filePath: file, maxBytes: lineBytes * 3, keep: 2 });
    for (let i = 10; i < 30; i++) await h.append(entry(i));
    expect(readdirSync(dir).sort()).toEqual(['h.jsonl', 'h.jsonl.1', 'h.jsonl.2']);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(lineBytes * 3);
    const all = await h.list(1000);
    // live file [28,29], .1 [25..27], .2 [22..24]; older rotations were dropped
    expect(all).toHaveLength(8);
    expect(all[0]?.profileId).toBe('p29');
    expect(all.at(-1)?.profileId).toBe('p22');
  });

  it('skips corrupt lines and rejects invalid entries', async () => {
    const file = join(dir, 'h.jsonl');
    const h = new SessionHistory({ filePath: file });
    await h.append(entry(1));
    appendFileSync(file, '{"half": \nnot json\n');
    await h.append(entry(2));
    expect((await h.list()).map((e) => e.profileId)).toEqual(['p2', 'p1']);
    await expect(h.append({ ...entry(3), bytesIn: 'x' } as unknown as HistoryEntry)).rejects.toThrow();
    expect(await h.list()).toHaveLength(2);
  });
});
