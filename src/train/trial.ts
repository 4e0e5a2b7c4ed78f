// One tuning trial: a classifier with the trial's settings, cross-validated on the same folds as every other trial.
import type { Dataset } from '../data/dataset.js';
import type { Fold } from '../data/k-fold.js';
import type { LabelledTable } from '../data/table/table.js';
import type { ClassifierOptions } from './classifier.js';
import { scoreFold } from './cross-validate.js';
import { summarise, type Scores } from './fold-scores.js';
import type { TrialParams } from './search-space.js';

/** A trial's cross-validated scores, or why it failed (a diverging rate, say): scikit-learn's `error_score=nan`. */
export type TrialOutcome = { cv: { mean: Scores; std: Scores }; error?: undefined } | { cv: null; error: string };

/** Cross-validates the classifier `base` with `params` over `folds`. */
export async function runTrial(data: Dataset | LabelledTable, base: ClassifierOptions, params: TrialParams, folds: readonly Fold[]): Promise<TrialOutcome> {
  try {
    const scores: Scores[] = [];
    for (const fold of folds) scores.push(await scoreFold({ ...base, ...params }, data, fold));
    return { cv: summarise(scores) };
  } catch (error) {
    return { cv: null, error: error instanceof Error ? error.message : String(error) };
  }
}
