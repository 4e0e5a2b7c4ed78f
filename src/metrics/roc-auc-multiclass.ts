// ROC AUC over several classes from class probabilities: one-vs-rest, or one-vs-one after Hand & Till (2001).
import { ValueError } from '../errors.js';
import { checkClassIndices, checkSameLength, flatOneVsRest, presentClasses } from './labels.js';
import type { ProbabilityMatrix } from './probability-matrix.js';
import { rankAuc, weightedBinaryAuc } from './binary-auc.js';
import type { RocAucOptions } from './roc-auc.js';
import { checkSampleWeight } from './sample-weight.js';

/**
 * sklearn's `_multiclass_roc_auc_score`: `scores` is `[N, C]` probabilities; `labels` (or the classes of
 * `yTrue`) name the columns. Checks come in sklearn's order, so the first complaint is the one sklearn makes.
 */
export function multiclassRocAuc(yTrue: ArrayLike<number>, scores: ProbabilityMatrix, options: RocAucOptions): number {
  const { values, rows, columns } = scores;
  const { multiClass, average = 'macro' } = options;
  checkSameLength('rocAuc', yTrue, 'scores', rows);
  checkClassIndices('rocAuc', 'yTrue', yTrue, undefined, '');
  if (multiClass !== 'ovr' && multiClass !== 'ovo') {
    throw new ValueError(
      `rocAuc: scores has ${columns} columns, so multiClass must be 'ovr' or 'ovo' (sklearn's multi_class), got ${String(multiClass)}`,
    );
  }
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < columns; j++) {
      const p = values[i * columns + j];
      if (!Number.isFinite(p)) throw new ValueError(`rocAuc: scores[${i}][${j}] = ${p} is not a finite number`);
      sum += p;
    }
    // numpy's allclose(1, sum): |1 - sum| <= 1e-8 + 1e-5 |sum|.
    if (!(Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      throw new ValueError(
        `rocAuc: scores row ${i} sums to ${sum}, not 1; a multiclass ROC AUC needs class probabilities (rows summing to 1)`,
      );
    }
  }
  const averages = multiClass === 'ovr' ? ['macro', 'weighted', 'micro'] : ['macro', 'weighted'];
  if (!averages.includes(average)) {
    throw new ValueError(`rocAuc: average must be ${averages.map((a) => `'${a}'`).join(', ')} with multiClass '${multiClass}', got ${String(average)}`);
  }

  const classes = columnClasses(yTrue, columns, options.labels);
  const column = new Map(classes.map((c, k) => [c, k]));
  const encoded = Int32Array.from(yTrue, (c) => column.get(c)!);
  if (multiClass === 'ovo') {
    if (options.sampleWeight !== undefined) {
      throw new ValueError("rocAuc: sampleWeight is not supported with multiClass 'ovo' (as in sklearn); use 'ovr'");
    }
    return oneVsOne(encoded, values, columns, average === 'weighted');
  }
  const sampleWeight = checkSampleWeight('rocAuc', options.sampleWeight, rows);
  return oneVsRest(encoded, values, columns, classes, average as 'macro' | 'weighted' | 'micro', sampleWeight);
}

/** The class of each column: `labels` checked as sklearn checks them, else the classes in `yTrue`. */
function columnClasses(yTrue: ArrayLike<number>, columns: number, labels: ArrayLike<number> | undefined): number[] {
  if (labels === undefined) {
    // Column k is class k: a larger label is a mistake (sklearn would take the classes in order instead).
    checkClassIndices('rocAuc', 'yTrue', yTrue, columns, `${columns} score columns`);
    const classes = presentClasses(yTrue);
    if (classes.length !== columns) {
      throw new ValueError(
        `rocAuc: yTrue holds ${classes.length} classes ([${classes.join(', ')}]) but scores has ${columns} columns; ` +
          'pass labels (e.g. every class index) when some class has no sample',
      );
    }
    return classes;
  }
  const list = Array.from(labels);
  checkClassIndices('rocAuc', 'labels', list, undefined, '');
  for (let k = 1; k < list.length; k++) {
    if (list[k] === list[k - 1]) throw new ValueError(`rocAuc: labels must be unique; labels[${k}] = ${list[k]} repeats`);
    if (list[k] < list[k - 1]) throw new ValueError(`rocAuc: labels must be increasing; labels[${k}] = ${list[k]} follows ${list[k - 1]}`);
  }
  if (list.length !== columns) {
    throw new ValueError(`rocAuc: ${list.length} labels given for ${columns} score columns; give one label per column`);
  }
  const known = new Set(list);
  for (let i = 0; i < yTrue.length; i++) {
    if (!known.has(yTrue[i])) throw new ValueError(`rocAuc: yTrue[${i}] = ${yTrue[i]} is not one of the labels [${list.join(', ')}]`);
  }
  return list;
}

/** One-vs-rest: each column scores its class against all others; sklearn's `_average_binary_score`. */
function oneVsRest(
  encoded: Int32Array,
  values: ArrayLike<number>,
  columns: number,
  classes: number[],
  average: 'macro' | 'weighted' | 'micro',
  sampleWeight: ArrayLike<number> | undefined,
): number {
  const rows = encoded.length;
  const auc = (isPositive: ArrayLike<number>, scores: ArrayLike<number>, weights: ArrayLike<number> | undefined): number =>
    weights === undefined ? rankAuc(isPositive, scores) : weightedBinaryAuc('rocAuc', isPositive, scores, weights);

  if (average === 'micro') {
    const { isPositive, weights } = flatOneVsRest(encoded, rows, columns, sampleWeight);
    return auc(isPositive, values, weights);
  }

  const support = new Float64Array(columns);
  for (let i = 0; i < rows; i++) support[encoded[i]] += sampleWeight === undefined ? 1 : sampleWeight[i];
  const totalSupport = support.reduce((a, b) => a + b, 0);
  // sklearn answers 0 before scoring any class when the weights of the weighted average sum to (nearly) zero.
  if (average === 'weighted' && Math.abs(totalSupport) <= 1e-8) return 0;

  const scores = new Float64Array(columns);
  for (let k = 0; k < columns; k++) {
    const isPositive = Float64Array.from(encoded, (c) => (c === k ? 1 : 0));
    const count = isPositive.reduce((a, b) => a + b, 0);
    if (count === 0 || count === rows) {
      throw new ValueError(
        `rocAuc: class ${classes[k]} has ${count === 0 ? 'no sample' : 'every sample'} in yTrue, so its one-vs-rest ` +
          "ROC AUC is not defined (sklearn: only one class present); use multiClass 'ovo' or leave the column out",
      );
    }
    const column = Float64Array.from({ length: rows }, (_, i) => values[i * columns + k]);
    scores[k] = auc(isPositive, column, sampleWeight);
  }
  if (average === 'macro') return scores.reduce((a, b) => a + b, 0) / columns;
  let weighted = 0;
  for (let k = 0; k < columns; k++) if (support[k] !== 0) weighted += scores[k] * support[k];
  return weighted / totalSupport;
}

/**
 * One-vs-one after Hand & Till (2001), as sklearn's `_average_multiclass_ovo_score`: for each pair (a, b) of
 * classes present in `yTrue`, on the samples of a or b, the mean of AUC(a against b, column a) and AUC(b against
 * a, column b); then the mean over pairs, or with `weighted`, weighted by the pair's share of samples.
 */
function oneVsOne(encoded: Int32Array, values: ArrayLike<number>, columns: number, weighted: boolean): number {
  const present = presentClasses(encoded);
  let sum = 0;
  let weightSum = 0;
  let pairs = 0;
  for (let x = 0; x < present.length; x++) {
    for (let y = x + 1; y < present.length; y++) {
      const a = present[x];
      const b = present[y];
      const rowsOfPair: number[] = [];
      for (let i = 0; i < encoded.length; i++) if (encoded[i] === a || encoded[i] === b) rowsOfPair.push(i);
      const isA = rowsOfPair.map((i) => (encoded[i] === a ? 1 : 0));
      const isB = isA.map((v) => 1 - v);
      const aucA = rankAuc(isA, rowsOfPair.map((i) => values[i * columns + a]));
      const aucB = rankAuc(isB, rowsOfPair.map((i) => values[i * columns + b]));
      const score = (aucA + aucB) / 2;
      const prevalence = weighted ? rowsOfPair.length / encoded.length : 1;
      sum += score * prevalence;
      weightSum += prevalence;
      pairs++;
    }
  }
  if (pairs === 0 && weighted) {
    throw new ValueError(`rocAuc: yTrue holds one class only, so no pair of classes can be scored one-vs-one`);
  }
  // With no pair, the unweighted mean of nothing is NaN, as numpy's mean of an empty array.
  return sum / weightSum;
}
