// Permutation importance: how much a score drops when one column's values are shuffled across the rows.
import { ValueError } from '../errors.js';
import { encodedNames } from '../data/table/column-encoding.js';
import { isLabelledTable } from '../data/table/table.js';
import { permutation } from '../data/shuffle.js';
import { makeRng } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { Classifier } from './classifier.js';
import { asLabelled, type LabelledData } from './cross-validate.js';
import { meanAndStd, scoresOf, type Scores } from './fold-scores.js';
import { relabel } from './relabel.js';

/** Options of `permutationImportance`. */
export interface PermutationImportanceOptions {
  /** Shuffles per column. Default 5. */
  nRepeats?: number;
  /** Seeds the shuffles. Default 0. */
  seed?: number;
  /** The score whose drop is measured. Default `'accuracy'`; for `'logLoss'` the drop is the rise of the loss. */
  scoring?: keyof Scores;
  /** For records: the key of the label. */
  label?: string;
}

/** One column's importance: the mean and (population) standard deviation of its drops, and the drops. */
export interface ColumnImportance {
  name: string;
  mean: number;
  std: number;
  drops: number[];
}

/** The score on the rows as they are, and each column's importance, in the order of the model's columns. */
export interface PermutationImportance {
  scoring: keyof Scores;
  baseline: number;
  columns: ColumnImportance[];
}

/**
 * scikit-learn's `permutation_importance`, grouped by original column: for each column of the data (a table's column
 * with every feature encoded from it, such as all of a category's one-hot features), the rows' values are shuffled
 * `nRepeats` times, seeded, and each time the model's score on the shuffled rows is taken from its score on the rows
 * as they are. A column the model relies on drops the score; one it ignores leaves it (a negative mean is noise).
 * Measure it on held-out rows: on the training rows it says what the model learnt, not what generalises.
 * @example
 * const { columns } = permutationImportance(clf, test, { nRepeats: 5, seed: 0 });
 * columns.map((c) => `${c.name}: ${c.mean.toFixed(3)} ± ${c.std.toFixed(3)}`);
 */
export function permutationImportance(clf: Classifier, data: LabelledData, options: PermutationImportanceOptions = {}): PermutationImportance {
  const { nRepeats = 5, seed = 0, scoring = 'accuracy' } = options;
  if (!Number.isInteger(nRepeats) || nRepeats < 1) throw new ValueError(`permutationImportance: nRepeats must be a positive whole number, got ${nRepeats}`);
  const rows = asLabelled(data, options.label);
  if (rows.y.length === 0) throw new ValueError('permutationImportance: the rows have no labels');
  const source = isLabelledTable(rows) ? rows.table.source : rows.source;
  const y = relabel({ y: rows.y, classes: rows.classes, source }, clf.classes, 'permutationImportance');
  const x = clf.features(rows);
  const [n, d] = x.shape;
  const score = (features: Tensor) => {
    const value = scoresOf(y, clf.predictProba(features))[scoring];
    return scoring === 'logLoss' ? -value : value;
  };
  const baseline = score(x);
  const rng = makeRng(`permutation-importance:${seed}`);
  const shuffled = new Tensor(x.data.slice(), [n, d]);
  const columns = groupsOf(clf).map(({ name, features }) => {
    const drops: number[] = [];
    for (let repeat = 0; repeat < nRepeats; repeat++) {
      const order = permutation(n, rng);
      for (let i = 0; i < n; i++) for (let f = features[0]; f < features[1]; f++) shuffled.data[i * d + f] = x.data[order[i] * d + f];
      drops.push(baseline - score(shuffled));
    }
    for (let i = 0; i < n; i++) for (let f = features[0]; f < features[1]; f++) shuffled.data[i * d + f] = x.data[i * d + f];
    return { name, ...meanAndStd(drops), drops };
  });
  return { scoring, baseline: scoring === 'logLoss' ? -baseline : baseline, columns };
}

/** Each original column and the range [first, end) of the features encoded from it. */
function groupsOf(clf: Classifier): { name: string; features: [number, number] }[] {
  if (clf.encoder === null) return clf.featureNames.map((name, j) => ({ name, features: [j, j + 1] }));
  let at = 0;
  return clf.encoder.columns.map((column) => {
    const width = encodedNames(column).length;
    return { name: column.name, features: [at, (at += width)] as [number, number] };
  }).filter(({ features }) => features[1] > features[0]);
}
