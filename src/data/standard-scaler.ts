// Standardisation as scikit-learn's StandardScaler: z = (x - mean) / scale, statistics from the fitted rows.
import { RowError, ShapeError, ValueError } from '../errors.js';
import { allocate } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** What `StandardScaler.toJSON` writes: one entry per feature. Plain JSON numbers round-trip float64 exactly. */
export interface StandardScalerJSON {
  mean: number[];
  scale: number[];
}

/**
 * Per-feature standardisation fitted on training rows: `z = (x - mean) / scale`, with the population
 * standard deviation (ddof 0) as `scale`, and `scale = 1` for a feature that is constant in the fitted rows
 * (so it becomes 0, never NaN or Infinity), exactly as scikit-learn's `StandardScaler`.
 *
 * Statistics are accumulated in float64 whatever the input dtype. They equal scikit-learn's on the same
 * numbers; on a float32 dataset the numbers are the CSV's decimals rounded to float32, so the mean differs
 * from one computed on the decimals by about 1e-7 relative (read with `dtype: 'float64'` to match to 1e-12).
 * @example
 * const scaler = new StandardScaler().fit(train.x);
 * const model = fitOn(scaler.transform(train.x));
 * const zTest = scaler.transform(test.x); // the training statistics, never refitted on test rows
 */
export class StandardScaler {
  private fitted: { mean: Float64Array; scale: Float64Array } | null = null;

  /** Per-feature mean of the fitted rows. Throws before `fit`. */
  get mean(): Float64Array {
    return this.state('mean').mean;
  }

  /** Per-feature divisor: the population std, or 1 where the feature is constant. Throws before `fit`. */
  get scale(): Float64Array {
    return this.state('scale').scale;
  }

  /** Whether `fit` (or `fromJSON`) has given this scaler its statistics. */
  get isFitted(): boolean {
    return this.fitted !== null;
  }

  /** Computes the mean and scale of each column of `x` (`[N, D]`, N >= 1). Returns this scaler. */
  fit(x: Tensor): this {
    const [n, d] = checkMatrix('StandardScaler.fit', x);
    if (n === 0) throw new ValueError('StandardScaler.fit: no rows to fit on');
    const data = x.data;
    const mean = new Float64Array(d);
    const scale = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
    for (let j = 0; j < d; j++) mean[j] /= n;
    // scikit-learn's corrected two-pass variance: subtracting (sum(x - m))^2 / n cancels the rounding error of m.
    const squares = new Float64Array(d);
    const residuals = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const r = data[i * d + j] - mean[j];
        residuals[j] += r;
        squares[j] += r * r;
      }
    }
    for (let j = 0; j < d; j++) {
      const variance = (squares[j] - (residuals[j] * residuals[j]) / n) / n;
      if (!Number.isFinite(mean[j]) || !Number.isFinite(variance)) {
        throw new ValueError(`StandardScaler.fit: feature ${j} has a non-finite value (mean ${mean[j]}, variance ${variance})`);
      }
      scale[j] = featureScale(variance, mean[j], n);
    }
    this.fitted = { mean, scale };
    return this;
  }

  /**
   * `(x - mean) / scale` for each column, as a new tensor of `x`'s dtype, or in `x` itself with `copy: false`
   * (scikit-learn's `copy`). A value that overflows the dtype once scaled (3e38 where the training rows were near 3,
   * in float32) is a RowError naming its row and feature.
   */
  transform(x: Tensor, { copy = true }: { copy?: boolean } = {}): Tensor {
    const { mean, scale } = this.state('transform');
    const [n, d] = checkMatrix('StandardScaler.transform', x);
    if (d !== mean.length) {
      throw new ShapeError(`StandardScaler.transform: x has ${d} features (shape ${formatShape(x.shape)}), the scaler was fitted on ${mean.length}`);
    }
    const data = x.data;
    const out = copy ? allocate(x.dtype, n * d) : data;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const value = data[i * d + j];
        out[i * d + j] = (value - mean[j]) / scale[j];
        if (!Number.isFinite(out[i * d + j])) {
          const why = Number.isFinite(value)
            ? `is beyond ${x.dtype}'s range once standardised (training mean ${mean[j].toPrecision(4)}, scale ${scale[j].toPrecision(4)})`
            : 'is not a finite number';
          throw new RowError(`${asWritten(value, x.dtype)} ${why}; the row cannot be scored`, i, j);
        }
      }
    }
    return copy ? new Tensor(out, [n, d]) : x;
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }

  /** The statistics as plain JSON (for a model file). */
  toJSON(): StandardScalerJSON {
    const { mean, scale } = this.state('toJSON');
    return { mean: Array.from(mean), scale: Array.from(scale) };
  }

  /**
   * A fitted scaler from `toJSON()`'s output. Throws a `ValueError` unless `mean` and `scale` are lists of
   * the same non-zero length of finite numbers, every scale positive.
   */
  static fromJSON(json: unknown): StandardScaler {
    const where = 'StandardScaler.fromJSON';
    if (typeof json !== 'object' || json === null) throw new ValueError(`${where}: expected an object with mean and scale, got ${describe(json)}`);
    const { mean, scale } = json as Record<string, unknown>;
    for (const [name, list] of [['mean', mean], ['scale', scale]] as const) {
      if (!Array.isArray(list) || list.length === 0) throw new ValueError(`${where}: ${name} must be a non-empty list of numbers, got ${describe(list)}`);
    }
    const means = mean as unknown[];
    const scales = scale as unknown[];
    if (means.length !== scales.length) throw new ValueError(`${where}: mean has ${means.length} entries but scale has ${scales.length}`);
    for (let j = 0; j < means.length; j++) {
      if (typeof means[j] !== 'number' || !Number.isFinite(means[j])) throw new ValueError(`${where}: mean[${j}] is ${describe(means[j])}, not a finite number`);
      const s = scales[j];
      if (typeof s !== 'number' || !Number.isFinite(s) || s <= 0) throw new ValueError(`${where}: scale[${j}] is ${describe(s)}, not a finite positive number`);
    }
    const scaler = new StandardScaler();
    scaler.fitted = { mean: Float64Array.from(means as number[]), scale: Float64Array.from(scales as number[]) };
    return scaler;
  }

  private state(caller: string): { mean: Float64Array; scale: Float64Array } {
    if (this.fitted === null) throw new ValueError(`StandardScaler.${caller}: the scaler is not fitted; call fit(x) on the training rows first`);
    return this.fitted;
  }
}

/**
 * A feature's divisor: its standard deviation, or 1 when the variance is within the two-pass algorithm's
 * rounding-error bound of zero (scikit-learn's `_is_constant_feature`), so a constant feature becomes 0.
 */
export function featureScale(variance: number, mean: number, rows: number): number {
  const bound = rows * Number.EPSILON * variance + (rows * mean * Number.EPSILON) ** 2;
  return variance <= bound ? 1 : Math.sqrt(variance);
}

/** The shortest decimal that reads back as `value` in `dtype`: 3e+38, not the float32's 3.0000000054977558e+38. */
function asWritten(value: number, dtype: string): string {
  for (let digits = 1; dtype === 'float32' && digits < 9; digits++) {
    const shorter = Number(value.toPrecision(digits));
    if (Math.fround(shorter) === value) return String(shorter);
  }
  return String(value);
}

function checkMatrix(caller: string, x: Tensor): [number, number] {
  if (x.rank !== 2) throw new ShapeError(`${caller}: expects a 2-D tensor [rows, features], got shape ${formatShape(x.shape)}`);
  return [x.shape[0], x.shape[1]];
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return value === null ? 'null' : typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
}
