/** Fault knobs (defaults = a healthy service) and the seeded PRNG every random fault decision uses. */
import type { Random } from '../engine/ports/clock.js';
import { randomBytes } from 'node:crypto';
import type { FaultConfig } from './types.js';

export const DEFAULT_FAULTS: Readonly<FaultConfig> = Object.freeze({
  lossRatio: 0,
  duplicateRatio: 0,
  reorderRatio: 0,
  corruptDigestRatio: 0,
  latencyMs: 0,
  ackDelayMs: 0,
  dropEverySeconds: undefined,
  pacing: 'none',
  idleTimeoutSeconds: undefined,
  maxSessionSeconds: undefined,
  refuseTarget: false,
  blackholeTarget: false,
  rejectCredentials: undefined,
  pausePublication: false,
});

function ratio(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0 || v > 1) throw new RangeError(`fault ${name} must be in 0..1, got ${v}`);
  return v;
}

/** Merges a patch into a config, validating ranges. */
export function mergeFaults(base: Readonly<FaultConfig>, patch: Partial<FaultConfig>): FaultConfig {
  const out: FaultConfig = { ...base };
  for (const [k, v] of Object.entries(patch)) (out as unknown as Record<string, unknown>)[k] = v;
  ratio('lossRatio', out.lossRatio);
  ratio('duplicateRatio', out.duplicateRatio);
  ratio('reorderRatio', out.reorderRatio);
  ratio('corruptDigestRatio', out.corruptDigestRatio);
  if (!(out.latencyMs >= 0)) throw new RangeError('latencyMs must be >= 0');
  if (!(out.ackDelayMs >= 0)) throw new RangeError('ackDelayMs must be >= 0');
  return out;
}

/** mulberry32: fast, seedable, good enough for fault injection (not for secrets). */
export class SeededRandom implements Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed | 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  private pool = Buffer.alloc(0);
  private poolOffset = 0;

  /**
   * MessageIds still come from the OS CSPRNG (only decisions are seeded), drawn from a 64 KiB pool:
   * one randomBytes call per message was the simulator's top CPU cost under load.
   */
  bytes(length: number): Uint8Array {
    if (length > 4096) return randomBytes(length);
    if (this.poolOffset + length > this.pool.length) {
      this.pool = randomBytes(65536);
      this.poolOffset = 0;
    }
    const out = this.pool.subarray(this.poolOffset, this.poolOffset + length);
    this.poolOffset += length;
    return out;
  }
}
