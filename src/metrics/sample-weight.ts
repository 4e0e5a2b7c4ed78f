// The `sampleWeight` option shared by the metrics: one finite, non-negative weight per sample.
import { ValueError } from '../errors.js';

/**
 * Checks `sampleWeight` (one weight per sample, each finite and >= 0) and returns it, or `undefined` when not
 * given. sklearn takes negative weights without complaint; we refuse them, since they make counts negative and
 * curves non-monotone.
 */
export function checkSampleWeight(
  fn: string,
  sampleWeight: ArrayLike<number> | undefined,
  samples: number,
): ArrayLike<number> | undefined {
  if (sampleWeight === undefined) return undefined;
  if (sampleWeight.length !== samples) {
    throw new ValueError(`${fn}: sampleWeight has ${sampleWeight.length} values for ${samples} samples`);
  }
  for (let i = 0; i < samples; i++) {
    const w = sampleWeight[i];
    if (!(w >= 0 && w < Infinity)) throw new ValueError(`${fn}: sampleWeight[${i}] = ${w} is not a weight (it must be finite and >= 0)`);
  }
  return sampleWeight;
}

/** The weight of sample `i`: `sampleWeight[i]`, or 1 without weights. */
export function weightOf(sampleWeight: ArrayLike<number> | undefined, i: number): number {
  return sampleWeight === undefined ? 1 : sampleWeight[i];
}

/**
 * numpy's `np.average(values, weights=sampleWeight)`: the weighted mean. Throws, as numpy does, when the weights
 * sum to zero.
 */
export function weightedMean(fn: string, values: ArrayLike<number>, sampleWeight: ArrayLike<number> | undefined): number {
  let sum = 0;
  let weightSum = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weightOf(sampleWeight, i);
    sum += values[i] * w;
    weightSum += w;
  }
  if (weightSum === 0) throw new ValueError(`${fn}: the sample weights sum to zero; the weighted mean is not defined`);
  return sum / weightSum;
}
