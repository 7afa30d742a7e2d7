/**
 * Byte counters and throughput of a tunnel across the sessions it has had. Session stats reset with
 * each new session; the meter keeps lifetime totals so the UI's counters never run backwards.
 */
import type { PortSessionStats } from '../session/types.js';

export interface MeterHealth {
  bytesIn: number;
  bytesOut: number;
  throughputInBps: number;
  throughputOutBps: number;
  activeConnections: number;
  rttMs?: number;
  lastTrafficAt?: number;
}

export class HealthMeter {
  private baseIn = 0;
  private baseOut = 0;
  private lastIn = 0;
  private lastOut = 0;
  private lastAt: number | undefined;
  private inBps = 0;
  private outBps = 0;
  private lastTraffic: number | undefined;

  /** A new session starts counting from its own zero. */
  reset(stats: PortSessionStats): void {
    this.lastIn = stats.bytesIn;
    this.lastOut = stats.bytesOut;
  }

  /** The session ended: fold its final counts into the totals. */
  accumulate(stats: PortSessionStats): void {
    this.baseIn += stats.bytesIn;
    this.baseOut += stats.bytesOut;
    this.lastIn = 0;
    this.lastOut = 0;
    this.inBps = 0;
    this.outBps = 0;
  }

  /** Called once per tick; returns true if bytes moved since the last sample. */
  sample(stats: PortSessionStats, now: number): boolean {
    const dIn = stats.bytesIn - this.lastIn;
    const dOut = stats.bytesOut - this.lastOut;
    const elapsed = this.lastAt === undefined ? 0 : (now - this.lastAt) / 1000;
    this.inBps = elapsed > 0 ? Math.max(0, dIn) / elapsed : 0;
    this.outBps = elapsed > 0 ? Math.max(0, dOut) / elapsed : 0;
    this.lastIn = stats.bytesIn;
    this.lastOut = stats.bytesOut;
    this.lastAt = now;
    const moved = dIn > 0 || dOut > 0;
    if (moved) this.lastTraffic = now;
    return moved;
  }

  health(stats: PortSessionStats | undefined): MeterHealth {
    const lastTrafficAt = stats?.lastTrafficAt ?? this.lastTraffic;
    return {
      bytesIn: this.baseIn + (stats?.bytesIn ?? 0),
      bytesOut: this.baseOut + (stats?.bytesOut ?? 0),
      throughputInBps: stats ? this.inBps : 0,
      throughputOutBps: stats ? this.outBps : 0,
      activeConnections: stats?.activeConnections ?? 0,
      ...(stats?.rttMs !== undefined ? { rttMs: stats.rttMs } : {}),
      ...(lastTrafficAt !== undefined ? { lastTrafficAt } : {}),
    };
  }
}
