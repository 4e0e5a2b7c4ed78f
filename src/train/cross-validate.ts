// Cross-validation: a Classifier fitted on all folds but one and scored on that one, for each of k folds.
import { ValueError } from '../errors.js';
import { numRows, takeRows, type Dataset } from '../data/dataset.js';
import { kFold, type Fold } from '../data/k-fold.js';
import { tableFromRecords, type RecordValue } from '../data/table/records.js';
import { isLabelledTable, takeTableRows, type LabelledTable } from '../data/table/table.js';
import { Classifier, type ClassifierOptions } from './classifier.js';
import { scoresOf, summarise, type Scores } from './fold-scores.js';

/** What cross-validation trains on: a dataset, a table (`readTable`), or records with `label` naming their label key. */
export type LabelledData = Dataset | LabelledTable | readonly Record<string, RecordValue>[];

/** Options of `crossValidate`. */
export interface CrossValidateOptions {
  /** Number of folds. Default 5. */
  folds?: number;
  /** Seeds the fold assignment. Default: the classifier's seed (0). */
  seed?: number;
  /** For records: the key of the label. */
  label?: string;
  /** A weight per row for training (scikit-learn's `fit_params={'sample_weight': ...}`); the scores are unweighted. */
  sampleWeight?: ArrayLike<number>;
}

/** Each fold's scores, and their mean and standard deviation (population, numpy's default). */
export interface CrossValidation {
  folds: Scores[];
  mean: Scores;
  std: Scores;
}

/**
 * Stratified, shuffled k-fold cross-validation of a `Classifier` with `options`, as scikit-learn's
 * `cross_validate(estimator, X, y, cv=StratifiedKFold(k, shuffle=True))`: each fold's model is fitted on the other
 * folds' rows only, the column handling of a table included (kinds, fills, categories and scaling are learnt inside
 * the fold, so nothing of the held-out rows leaks into it), then scored on the held-out rows. Every fold's model uses
 * the same seed.
 * @example
 * const cv = await crossValidate({ hidden: [16] }, await readTable('penguins.csv', { label: 'species' }), { folds: 5, seed: 0 });
 * cv.mean.accuracy; cv.std.accuracy; cv.folds[0].logLoss;
 */
export async function crossValidate(options: ClassifierOptions, data: LabelledData, cv: CrossValidateOptions = {}): Promise<CrossValidation> {
  const labelled = asLabelled(data, cv.label);
  const folds = foldsOf(labelled, cv.folds ?? 5, cv.seed ?? options.seed ?? 0);
  const scores: Scores[] = [];
  for (const fold of folds) scores.push(await scoreFold(options, labelled, fold, cv.sampleWeight));
  return { folds: scores, ...summarise(scores) };
}

/** Records become a table; a dataset or table is used as it is. */
export function asLabelled(data: LabelledData, label: string | undefined): Dataset | LabelledTable {
  if (!Array.isArray(data)) return data as Dataset | LabelledTable;
  if (label === undefined) throw new ValueError('crossValidate: records need the key of their label: { label }');
  return tableFromRecords(data as readonly Record<string, RecordValue>[], { label });
}

/** The stratified, seeded folds of the rows. */
export function foldsOf(data: Dataset | LabelledTable, k: number, seed: number): Fold[] {
  if (data.y.length === 0) throw new ValueError('crossValidate: the data has no labels');
  const rows = isLabelledTable(data) ? data.y.length : numRows(data);
  return kFold({ y: data.y, classes: data.classes, rows }, { k, seed });
}

/** Fits a classifier on the fold's training rows and scores it on its test rows. */
export async function scoreFold(options: ClassifierOptions, data: Dataset | LabelledTable, fold: Fold, sampleWeight?: ArrayLike<number>): Promise<Scores> {
  const take = (rows: Int32Array) => (isLabelledTable(data) ? takeTableRows(data, rows) : takeRows(data, rows));
  const clf = new Classifier({ ...options, callbacks: undefined });
  const weights = sampleWeight && Float64Array.from(fold.train, (row) => sampleWeight[row]);
  await clf.fit(take(fold.train), { sampleWeight: weights });
  const test = take(fold.test);
  return scoresOf(test.y, clf.predictProba(test));
}
