/**
 * How many cases each property runs. CI runs a bounded number (fast, part of the `unit` project);
 * `npm run fuzz` sets FUZZ_RUNS for the long on-demand run. `FUZZ_SEED` replays a failing run.
 */
import type { Parameters as FcParameters } from 'fast-check';

const DEFAULT_RUNS = 300;

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return n;
}

/** `scale` < 1 for properties that touch the file system, so they stay cheap in CI. */
export function fuzzParams<T>(scale = 1): FcParameters<T> {
  const runs = Math.max(10, Math.round((envInt('FUZZ_RUNS') ?? DEFAULT_RUNS) * scale));
  const seed = envInt('FUZZ_SEED');
  return { numRuns: runs, ...(seed !== undefined ? { seed } : {}) };
}

/** Per-call budget: a parser that takes longer than this on a ≤ 64 KiB input is treated as a hang. */
export const CALL_BUDGET_MS = 250;

/** Runs `f` and fails if one call takes longer than the budget (synchronous code cannot be interrupted). */
export function timed<T>(f: () => T): T {
  const t0 = performance.now();
  const r = f();
  const dt = performance.now() - t0;
  if (dt > CALL_BUDGET_MS) throw new Error(`call took ${dt.toFixed(0)} ms (budget ${CALL_BUDGET_MS} ms)`);
  return r;
}
