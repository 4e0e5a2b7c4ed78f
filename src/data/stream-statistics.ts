// Per-feature mean and variance in one pass (Welford), and the StandardScaler they make.
import { ValueError } from '../errors.js';
import type { FloatArray } from '../tensor/dtype.js';
import type { StreamingDataset } from './stream-dataset.js';
import { featureScale, StandardScaler } from './standard-scaler.js';

const PASS_ROWS = 4096;

/** What one pass over a labelled stream measures. */
export interface FeatureStatistics {
  rows: number;
  /** Per feature, in float64. */
  mean: Float64Array;
  /** Per feature: the population variance (ddof 0), as StandardScaler uses. */
  variance: Float64Array;
  /** Rows of each class, in class-id order. */
  classCounts: number[];
}

/**
 * Welford's running mean and sum of squared deviations: one pass, no catastrophic cancellation, and the
 * same mean and variance as StandardScaler's two passes up to float64 rounding (about 1e-15 relative).
 */
export class RunningMoments {
  rows = 0;
  readonly mean: Float64Array;
  /** Sum of squared deviations from the running mean. */
  private readonly m2: Float64Array;
  readonly classCounts: number[];

  constructor(
    readonly features: number,
    classes: number,
  ) {
    this.mean = new Float64Array(features);
    this.m2 = new Float64Array(features);
    this.classCounts = new Array<number>(classes).fill(0);
  }

  /** Adds `rows` rows of `x` (row-major, `features` wide) with their class ids `y` (ignored where negative or missing). */
  add(x: FloatArray, y: Int32Array, rows: number): void {
    const { features: d, mean, m2 } = this;
    for (let i = 0; i < rows; i++) {
      const n = ++this.rows;
      for (let j = 0, at = i * d; j < d; j++) {
        const value = x[at + j];
        const delta = value - mean[j];
        mean[j] += delta / n;
        m2[j] += delta * (value - mean[j]);
      }
      const c = y[i];
      if (c >= 0) this.classCounts[c] = (this.classCounts[c] ?? 0) + 1;
    }
  }

  /** The statistics so far; throws a ValueError if there are no rows or a variance overflowed. */
  result(): FeatureStatistics {
    if (this.rows === 0) throw new ValueError('streamStatistics: no rows to measure');
    const variance = this.m2.map((s) => s / this.rows);
    variance.forEach((v, j) => {
      if (!Number.isFinite(v) || !Number.isFinite(this.mean[j])) {
        throw new ValueError(`streamStatistics: feature ${j} has a non-finite value (mean ${this.mean[j]}, variance ${v})`);
      }
    });
    return { rows: this.rows, mean: this.mean.slice(), variance, classCounts: [...this.classCounts] };
  }
}

/**
 * The features' mean and variance and the class counts of a stream: `data.statistics` when its reader has
 * measured them already (`streamCsv` does, in the pass that checks the file), else one pass over the rows.
 * @example
 * const stats = await streamStatistics(await streamCsv('big.csv'));
 * const scaler = scalerFromStatistics(stats);
 */
export async function streamStatistics(data: StreamingDataset): Promise<FeatureStatistics> {
  if (data.statistics) return data.statistics;
  const moments = new RunningMoments(data.featureNames.length, data.classes.length);
  for await (const { x, y } of data.chunks(PASS_ROWS)) moments.add(x.data, y, x.shape[0]);
  return moments.result();
}

/**
 * A fitted StandardScaler from streamed statistics: `scale` is the population standard deviation, or 1 for a
 * feature whose variance is within rounding error of zero (scikit-learn's `_is_constant_feature` bound, as
 * StandardScaler.fit applies it), so it gives StandardScaler's mean and scale up to float rounding.
 */
export function scalerFromStatistics(stats: FeatureStatistics): StandardScaler {
  const scale = Array.from(stats.variance, (variance, j) => featureScale(variance, stats.mean[j], stats.rows));
  return StandardScaler.fromJSON({ mean: Array.from(stats.mean), scale });
}
