/** Pure helpers of the bench (unit-tested in test/unit/bench/stats.test.ts). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

export const MIB = 1024 * 1024;

/** MiB/s for `bytes` moved in `seconds`. */
export const mibs = (bytes: number, seconds: number): number => bytes / MIB / seconds;

/** One figure next to its baseline from the same run. */
export interface Figure {
  readonly value: number;
  readonly unit: string;
  readonly baseline?: { readonly name: string; readonly value: number };
  /** value / baseline.value */
  readonly ratio?: number;
  readonly target?: string;
  readonly met?: boolean;
}

export function figure(
  value: number,
  unit: string,
  baseline?: { name: string; value: number },
  target?: { text: string; met: (value: number, ratio: number | undefined) => boolean },
): Figure {
  const ratio = baseline && baseline.value !== 0 ? round(value / baseline.value, 3) : undefined;
  return {
    value: round(value, 3),
    unit,
    ...(baseline ? { baseline: { name: baseline.name, value: round(baseline.value, 3) } } : {}),
    ...(ratio !== undefined ? { ratio } : {}),
    ...(target ? { target: target.text, met: target.met(value, ratio) } : {}),
  };
}

/** A cumulative byte count at a time (ms). */
export interface Sample {
  readonly t: number;
  readonly bytes: number;
}

/** Bytes delivered in (from, to] according to cumulative samples (sorted by t). */
export function bytesBetween(samples: readonly Sample[], from: number, to: number): number {
  let atFrom = 0;
  let atTo = 0;
  for (const s of samples) {
    if (s.t <= from) atFrom = s.bytes;
    if (s.t <= to) atTo = s.bytes;
    else break;
  }
  return atTo - atFrom;
}

/**
 * Recovery after a drop: `preMiBs` = rate from the first sample to the drop; `recoveryMs` = from
 * `resumedAt` to the end of the first `windowMs` window (sliding in 10 ms steps) whose rate reaches
 * `fraction` of the full rate — `fullMiBs` when given (the steady single-stream figure of the same
 * run), else preMiBs (undefined if no window does); `afterMiBs` = rate from resumedAt to the end.
 */
export function recovery(
  samples: readonly Sample[],
  dropAt: number,
  resumedAt: number,
  windowMs = 100,
  fraction = 0.8,
  fullMiBs?: number,
): { preMiBs: number; afterMiBs: number; recoveryMs: number | undefined } {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last) return { preMiBs: 0, afterMiBs: 0, recoveryMs: undefined };
  const preMiBs = mibs(bytesBetween(samples, first.t, dropAt), (dropAt - first.t) / 1000);
  const afterMiBs =
    last.t > resumedAt ? mibs(bytesBetween(samples, resumedAt, last.t), (last.t - resumedAt) / 1000) : 0;
  let recoveryMs: number | undefined;
  for (let start = resumedAt; start + windowMs <= last.t; start += 10) {
    const rate = mibs(bytesBetween(samples, start, start + windowMs), windowMs / 1000);
    if (rate >= fraction * (fullMiBs ?? preMiBs)) {
      recoveryMs = start + windowMs - resumedAt;
      break;
    }
  }
  return { preMiBs, afterMiBs, recoveryMs };
}
