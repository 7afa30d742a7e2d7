/**
 * An in-memory wire between two data-channel endpoints (architecture §9.9, VS Code's Ether): frames
 * are delivered through the FakeClock with seeded loss, duplication, reordering and latency, so
 * recovery scenarios run in milliseconds and reproduce exactly.
 */
import type { FakeClock, SeededRandom } from './fakeClock.js';

export interface EtherFaults {
  lossRatio: number;
  duplicateRatio: number;
  /** Fraction of frames held back an extra `reorderDelayMs` (so later frames overtake them). */
  reorderRatio: number;
  reorderDelayMs: number;
  latencyMs: number;
}

export interface EtherEnd {
  /** Sends a frame to the other end (if connected). */
  send(frame: Buffer): void;
  /** Installs this end's receiver. */
  onReceive(receiver: (frame: Buffer) => void): void;
}

export class Ether {
  readonly a: EtherEnd;
  readonly b: EtherEnd;
  private receivers: [((f: Buffer) => void) | undefined, ((f: Buffer) => void) | undefined] = [
    undefined,
    undefined,
  ];
  private faults: EtherFaults = {
    lossRatio: 0,
    duplicateRatio: 0,
    reorderRatio: 0,
    reorderDelayMs: 5,
    latencyMs: 1,
  };
  private up = true;
  /** Incremented on cut(): frames in flight from an older epoch are lost. */
  private epoch = 0;
  readonly counts = { sent: 0, delivered: 0, lost: 0, duplicated: 0 };

  constructor(
    private readonly clock: FakeClock,
    private readonly random: SeededRandom,
    faults: Partial<EtherFaults> = {},
  ) {
    this.setFaults(faults);
    this.a = this.end(0);
    this.b = this.end(1);
  }

  setFaults(f: Partial<EtherFaults>): void {
    this.faults = { ...this.faults, ...f };
  }

  /** Breaks the wire: frames in flight and sent while down are lost. */
  cut(): void {
    this.up = false;
    this.epoch++;
  }
  restore(): void {
    this.up = true;
  }

  private end(side: 0 | 1): EtherEnd {
    return {
      send: (frame) => this.transmit(side === 0 ? 1 : 0, frame),
      onReceive: (r) => {
        this.receivers[side] = r;
      },
    };
  }

  private transmit(to: 0 | 1, frame: Buffer): void {
    this.counts.sent++;
    if (!this.up || this.random.next() < this.faults.lossRatio) {
      this.counts.lost++;
      return;
    }
    const copies = this.random.next() < this.faults.duplicateRatio ? 2 : 1;
    if (copies === 2) this.counts.duplicated++;
    const epoch = this.epoch;
    const copy = Buffer.from(frame); // the sender may reuse nothing, but never alias across ends
    for (let i = 0; i < copies; i++) {
      const extra = this.random.next() < this.faults.reorderRatio ? this.faults.reorderDelayMs : 0;
      this.clock.setTimer(() => {
        if (epoch !== this.epoch) return;
        this.counts.delivered++;
        this.receivers[to]?.(copy);
      }, this.faults.latencyMs + extra);
    }
  }
}
