// The points of a curve as drawn: broken where a value is not finite, thinned when there are thousands.

export interface Point {
  x: number;
  y: number;
}

/** The stretches of consecutive finite points; a NaN or infinite value leaves a gap in the line instead of a crash. */
export function finiteRuns(points: readonly Point[]): Point[][] {
  const runs: Point[][] = [];
  const run: Point[] = [];
  for (const point of points) {
    if (Number.isFinite(point.x) && Number.isFinite(point.y)) run.push(point);
    else if (run.length > 0) runs.push(run.splice(0));
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * At most about `2 * buckets` points: each bucket of consecutive points keeps its lowest and its highest,
 * in their order, so spikes survive (a plain stride would drop them) while a 10 000-epoch run stays a small file.
 */
export function downsample(run: readonly Point[], buckets: number): Point[] {
  if (run.length <= 2 * buckets) return [...run];
  const size = Math.ceil(run.length / buckets);
  const kept: Point[] = [run[0]];
  for (let start = 0; start < run.length; start += size) {
    const end = Math.min(run.length, start + size);
    let low = start;
    let high = start;
    for (let i = start + 1; i < end; i++) {
      if (run[i].y < run[low].y) low = i;
      if (run[i].y > run[high].y) high = i;
    }
    for (const i of low <= high ? [low, high] : [high, low]) if (kept[kept.length - 1] !== run[i]) kept.push(run[i]);
  }
  if (kept[kept.length - 1] !== run[run.length - 1]) kept.push(run[run.length - 1]);
  return kept;
}
