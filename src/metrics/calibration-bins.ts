// Bin edges on [0, 1] for calibration curves, and the bin of a probability, computed as numpy computes them.
import { ValueError } from '../errors.js';

/** Checks that `nBins` is a positive integer. */
export function checkBinCount(fn: string, nBins: number): void {
  if (!Number.isInteger(nBins) || nBins < 1) throw new ValueError(`${fn}: nBins must be a positive integer, got ${nBins}`);
}

/**
 * `np.linspace(0, 1, nBins + 1)`: `i * (1 / nBins)`, and exactly 1 at the end. Not `i / nBins`: the two differ
 * in the last bit for some i (3 * 0.1 is 0.30000000000000004), which decides the bin of a probability of 0.3.
 */
export function uniformEdges(nBins: number): number[] {
  const step = 1 / nBins;
  return Array.from({ length: nBins + 1 }, (_, i) => (i === nBins ? 1 : i * step));
}

/**
 * `np.percentile(values, linspace(0, 1, nBins + 1) * 100)` with numpy's default (linear) method, to the bit:
 * the quantile q sits at position (n - 1) q of the sorted values, between its two neighbours.
 */
export function quantileEdges(values: ArrayLike<number>, nBins: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return uniformEdges(nBins).map((edge) => {
    const q = (edge * 100) / 100;
    const position = (n - 1) * q;
    if (position >= n - 1) return sorted[n - 1];
    const below = Math.floor(position);
    const a = sorted[below];
    const b = sorted[below + 1];
    const t = position - below;
    // numpy's _lerp: from below when t < 0.5, from above otherwise, so that t = 1 gives b exactly.
    return t < 0.5 ? a + (b - a) * t : b - (b - a) * (1 - t);
  });
}

/**
 * The bin of `p` among the bins between `edges`: the number of inner edges below `p`, as
 * `np.searchsorted(edges[1:-1], p)` gives it. Bins are closed on the right, `(e_b, e_b+1]`, and the first also
 * holds `e_0`.
 */
export function binOf(edges: readonly number[], p: number): number {
  let bin = 0;
  while (bin < edges.length - 2 && edges[bin + 1] < p) bin++;
  return bin;
}

/** Per bin between `edges`: the sum of the predictions that fall in it, the sum of their outcomes (0 or 1), and how many. */
export function binTotals(
  edges: readonly number[], predicted: ArrayLike<number>, outcome: ArrayLike<number>,
): { sums: Float64Array; positives: Float64Array; counts: Float64Array } {
  const nBins = edges.length - 1;
  const sums = new Float64Array(nBins);
  const positives = new Float64Array(nBins);
  const counts = new Float64Array(nBins);
  for (let i = 0; i < predicted.length; i++) {
    const bin = binOf(edges, predicted[i]);
    sums[bin] += predicted[i];
    positives[bin] += outcome[i];
    counts[bin]++;
  }
  return { sums, positives, counts };
}
