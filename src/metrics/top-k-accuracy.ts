// Top-k accuracy: the fraction of samples whose true class is among the k best-scored (sklearn's top_k_accuracy_score).
import { ValueError } from '../errors.js';
import { checkClassIndices, checkSameLength, presentClasses } from './labels.js';
import { readMatrix, type Probabilities } from './probability-matrix.js';
import { checkSampleWeight, weightOf } from './sample-weight.js';

/** Options of `topKAccuracy` (scikit-learn's `k`, `normalize`, `sample_weight` and `labels`). */
export interface TopKAccuracyOptions {
  /** How many of the best-scored classes may hold the true class (default 2). */
  k?: number;
  /** `true` (default): the (weighted) fraction of hits; `false`: their (weighted) count. */
  normalize?: boolean;
  /** One non-negative weight per sample. */
  sampleWeight?: ArrayLike<number>;
  /**
   * The class of each score column, increasing (sklearn's `labels`). Default: the classes in `yTrue`, which must
   * then number as many as the columns (a flat score array counts as two); pass all class indices when some
   * class has no sample.
   */
  labels?: ArrayLike<number>;
}

/**
 * The fraction of samples whose true class is among the `k` classes with the highest scores, as scikit-learn's
 * `top_k_accuracy_score`. Ties are broken as sklearn's stable sort, reversed, breaks them: of equal scores, the
 * class of the later column ranks first.
 *
 * `scores` is `[N, C]` (a score per class) or, for two classes, one score per sample for the second class; then
 * `k = 1` predicts it when the score exceeds 0.5 (if all scores are in [0, 1]) or 0, and `k >= 2` always hits.
 * As in sklearn, labels with at most two classes need the flat form unless `labels` lists more than two classes.
 * @example
 * topKAccuracy([0, 1, 2, 2], [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]]); // 0.75
 * topKAccuracy([0, 1, 2, 2], [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]], { k: 1 }); // 0.5
 */
export function topKAccuracy(yTrue: ArrayLike<number>, scores: Probabilities, options: TopKAccuracyOptions = {}): number {
  const { k = 2, normalize = true } = options;
  const { values, rows, columns } = readMatrix('topKAccuracy', 'scores', scores);
  checkSameLength('topKAccuracy', yTrue, 'scores', rows);
  checkClassIndices('topKAccuracy', 'yTrue', yTrue, undefined, '');
  if (!Number.isInteger(k) || k < 1) throw new ValueError(`topKAccuracy: k must be a positive integer, got ${k}`);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new ValueError(`topKAccuracy: scores value ${i} = ${values[i]} is not a finite number`);
  }
  const sampleWeight = checkSampleWeight('topKAccuracy', options.sampleWeight, rows);

  // sklearn's target type: binary when yTrue holds at most two classes, unless labels lists more.
  const binary = presentClasses(yTrue).length <= 2 && (options.labels === undefined || options.labels.length <= 2);
  if (binary && columns !== 1) {
    throw new ValueError(
      `topKAccuracy: yTrue holds at most two classes but scores has ${columns} columns; pass one score per sample ` +
        'for a binary problem, or labels listing every class',
    );
  }
  const classCount = columns === 1 ? 2 : columns;
  const classes = columnClasses(yTrue, classCount, options.labels);
  const column = new Map(classes.map((c, j) => [c, j]));

  const threshold = isProbabilities(values) ? 0.5 : 0;
  let hits = 0;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const t = column.get(yTrue[i])!;
    const w = weightOf(sampleWeight, i);
    total += w;
    if (isHit(i, t)) hits += w;
  }
  if (!normalize) return hits;
  if (total === 0) throw new ValueError('topKAccuracy: the sample weights sum to zero; the weighted mean is not defined');
  return hits / total;

  function isHit(i: number, t: number): boolean {
    if (binary) {
      if (k >= 2) return true;
      return (values[i] > threshold ? 1 : 0) === t;
    }
    // t is in the top k iff fewer than k columns rank before it: a higher score, or an equal score further right.
    const own = values[i * columns + t];
    let before = 0;
    for (let j = 0; j < columns; j++) {
      const s = values[i * columns + j];
      if (s > own || (s === own && j > t)) before++;
    }
    return before < k;
  }
}

function isProbabilities(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] < 0 || values[i] > 1) return false;
  return true;
}

/** The class of each score column: `labels` checked as sklearn checks them, else the classes in `yTrue`. */
function columnClasses(yTrue: ArrayLike<number>, columns: number, labels: ArrayLike<number> | undefined): number[] {
  if (labels === undefined) {
    const classes = presentClasses(yTrue);
    if (classes.length !== columns) {
      throw new ValueError(
        `topKAccuracy: yTrue holds ${classes.length} classes ([${classes.join(', ')}]) but the scores are for ${columns}; ` +
          'pass labels (every class index) when some class has no sample',
      );
    }
    // Column k is class k: a larger label is a mistake (sklearn would take the classes in order instead).
    checkClassIndices('topKAccuracy', 'yTrue', yTrue, columns, `${columns} score columns`);
    return classes;
  }
  const list = Array.from(labels);
  checkClassIndices('topKAccuracy', 'labels', list, undefined, '');
  for (let j = 1; j < list.length; j++) {
    if (list[j] === list[j - 1]) throw new ValueError(`topKAccuracy: labels must be unique; labels[${j}] = ${list[j]} repeats`);
    if (list[j] < list[j - 1]) throw new ValueError(`topKAccuracy: labels must be increasing; labels[${j}] = ${list[j]} follows ${list[j - 1]}`);
  }
  if (list.length !== columns) {
    throw new ValueError(`topKAccuracy: ${list.length} labels given for scores of ${columns} classes; give one label per class`);
  }
  const known = new Set(list);
  for (let i = 0; i < yTrue.length; i++) {
    if (!known.has(yTrue[i])) throw new ValueError(`topKAccuracy: yTrue[${i}] = ${yTrue[i]} is not one of the labels [${list.join(', ')}]`);
  }
  return list;
}
