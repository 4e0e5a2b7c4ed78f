// Checks shared by the metrics: label arrays are equally long, non-empty, and hold class indices 0..numClasses-1.
import { ValueError } from '../errors.js';

/**
 * Checks that `yTrue` and `yPred` are non-empty, equally long arrays of class indices (below `numClasses`, which
 * `limit` names in errors, when given) and returns the class count: `numClasses`, else one more than the largest.
 */
export function checkLabelPair(
  fn: string,
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  numClasses?: number,
  limit = `numClasses = ${numClasses}`,
): number {
  checkSameLength(fn, yTrue, 'yPred', yPred.length);
  if (numClasses !== undefined && (!Number.isInteger(numClasses) || numClasses < 1)) {
    throw new ValueError(`${fn}: numClasses must be a positive integer, got ${numClasses}`);
  }
  const seenTrue = checkClassIndices(fn, 'yTrue', yTrue, numClasses, limit);
  const seenPred = checkClassIndices(fn, 'yPred', yPred, numClasses, limit);
  return numClasses ?? Math.max(seenTrue, seenPred);
}

/** Throws unless `yTrue` and the argument `name`, of `length` samples, have the same, non-zero, length. */
export function checkSameLength(fn: string, yTrue: ArrayLike<number>, name: string, length: number): void {
  if (yTrue.length !== length) throw new ValueError(`${fn}: yTrue and ${name} differ in length (${yTrue.length} vs ${length})`);
  if (length === 0) throw new ValueError(`${fn}: yTrue and ${name} are empty; a metric needs at least one sample`);
}

/** One more than the largest index in `values`, checking each is a class index (below `numClasses` when given). */
export function checkClassIndices(
  fn: string,
  name: string,
  values: ArrayLike<number>,
  numClasses: number | undefined,
  limit: string,
): number {
  let largest = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0) throw new ValueError(`${fn}: ${name}[${i}] = ${v} is not a class index (a non-negative integer)`);
    if (numClasses !== undefined && v >= numClasses) {
      throw new ValueError(`${fn}: ${name}[${i}] = ${v} is out of range for ${limit} (expected 0..${numClasses - 1})`);
    }
    if (v > largest) largest = v;
  }
  return largest + 1;
}

/**
 * Checks a `labels` option (sklearn's `labels=`): a non-empty list of distinct class indices, below `numClasses`
 * when given. Returns it as a plain array, in the caller's order.
 */
export function checkLabelList(fn: string, labels: ArrayLike<number>, numClasses?: number): number[] {
  if (labels.length === 0) throw new ValueError(`${fn}: labels is empty; give at least one class index`);
  checkClassIndices(fn, 'labels', labels, numClasses, `numClasses = ${numClasses}`);
  const list = Array.from(labels);
  const seen = new Set<number>();
  list.forEach((label, i) => {
    if (seen.has(label)) throw new ValueError(`${fn}: labels[${i}] = ${label} repeats an earlier label`);
    seen.add(label);
  });
  return list;
}

/** The distinct values of the given label arrays in increasing order: sklearn's `unique_labels`. */
export function presentClasses(...arrays: ArrayLike<number>[]): number[] {
  const seen = new Set<number>();
  for (const values of arrays) for (let i = 0; i < values.length; i++) seen.add(values[i]);
  return [...seen].sort((a, b) => a - b);
}

/** Throws unless every `yTrue[i]` is 0 or 1, the labels of a binary problem whose positive class is 1. */
export function checkBinaryLabels(fn: string, yTrue: ArrayLike<number>): void {
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] !== 0 && yTrue[i] !== 1) throw new ValueError(`${fn}: yTrue[${i}] = ${yTrue[i]} is not a binary label (0 or 1)`);
  }
}

/**
 * @internal The one-vs-rest indicator of `rows` class labels over `columns` classes, row-major and flattened as
 * scikit-learn's micro average ravels it (1 where a row's column is its class), with each row's sample weight repeated
 * across its columns.
 */
export function flatOneVsRest(
  labels: ArrayLike<number>, rows: number, columns: number, sampleWeight: ArrayLike<number> | undefined,
): { isPositive: Float64Array; weights: Float64Array | undefined } {
  const isPositive = new Float64Array(rows * columns);
  const weights = sampleWeight === undefined ? undefined : new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    isPositive[i * columns + labels[i]] = 1;
    if (weights !== undefined) weights.fill(sampleWeight![i], i * columns, (i + 1) * columns);
  }
  return { isPositive, weights };
}
