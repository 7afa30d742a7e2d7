/**
 * Property-based fuzzing of the profiles file loader (engine/profiles/profileStore.ts). Whatever is in
 * profiles.json, opening the store must either succeed (valid profiles kept, the rest reported as load
 * issues) or fail with an EngineFailure carrying a documented code — never another exception — and a
 * file that is not JSON must be kept (backup copy) rather than lost.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineFailure } from '../../../electron/engine/aws/engineFailure.js';
import { PROFILES_FILE, ProfileStore } from '../../../electron/engine/profiles/profileStore.js';
import { fuzzParams, timed } from './runs.js';

const root = mkdtempSync(join(tmpdir(), 'bl-fuzz-profiles-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

function open(text: string): { store?: ProfileStore; error?: unknown; dir: string } {
  const dir = join(root, String(n++));
  rmSync(dir, { recursive: true, force: true });
  // mkdtemp-like: the store writes next to the file (backups, atomic writes).
  writeFileSync(join(root, `${n}.tmp`), '');
  rmSync(join(root, `${n}.tmp`));
  const { mkdirSync } = process.getBuiltinModule('node:fs');
  mkdirSync(dir);
  writeFileSync(join(dir, PROFILES_FILE), text);
  try {
    return { store: timed(() => new ProfileStore(dir)), dir };
  } catch (error) {
    return { error, dir };
  }
}

/** Values whose String() conversion throws or misbehaves: hostile but valid JSON. */
const trickyName = fc.constantFrom<unknown>(
  { toString: 1 },
  { toString: 1, valueOf: 1 },
  { toString: null },
  [{ toString: 1 }],
  'x'.repeat(10_000),
);

const profileLike = fc.record(
  {
    id: fc.oneof(fc.uuid(), fc.string(), fc.jsonValue()),
    name: fc.oneof(fc.string(), fc.jsonValue(), trickyName),
    target: fc.jsonValue(),
    bind: fc.oneof(
      fc.record({
        address: fc.constantFrom('127.0.0.1', '0.0.0.0', '::1'),
        port: fc.integer({ min: -1, max: 70_000 }),
      }),
      fc.jsonValue(),
    ),
    remotePort: fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.jsonValue()),
  },
  { requiredKeys: [] },
);

const fileArb = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc
    .record({
      schemaVersion: fc.oneof(fc.integer({ min: -2, max: 3 }), fc.jsonValue()),
      profiles: fc.oneof(fc.array(fc.oneof(profileLike, fc.jsonValue()), { maxLength: 5 }), fc.jsonValue()),
    })
    .map((v) => JSON.stringify(v)),
  fc.array(profileLike, { maxLength: 4 }).map((v) => JSON.stringify(v)),
);

describe('fuzz: profiles file loader', () => {
  it('opens or fails with an EngineFailure; never another exception; bad JSON is backed up', () => {
    fc.assert(
      fc.property(fileArb, (text) => {
        const r = open(text);
        if (r.error !== undefined) {
          expect(r.error).toBeInstanceOf(EngineFailure);
          expect((r.error as EngineFailure).code).toBe('PROFILE_FILE_CORRUPT');
          return;
        }
        const store = r.store!;
        for (const i of store.loadIssues) expect(i.message.length).toBeGreaterThan(0);
        let isJson = true;
        try {
          JSON.parse(text);
        } catch {
          isJson = false;
        }
        if (!isJson) {
          expect(store.list()).toEqual([]);
          expect(readdirSync(r.dir).some((f) => f.endsWith('.corrupt.json'))).toBe(true);
        }
      }),
      fuzzParams(0.2),
    );
  });
});
