// Timing helpers for the benchmarks: warm up (V8 compiles lazily), then take the median of repeats.

export interface Timing {
  median: number;
  min: number;
  max: number;
}

/** Seconds per call of `fn`: `warmup` untimed calls, then `repeats` timed batches of `inner` calls each. */
export function timeIt(fn: () => void, { warmup = 10, repeats = 7, inner = 5 } = {}): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < inner; i++) fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9 / inner);
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], min: times[0], max: times[times.length - 1] };
}
