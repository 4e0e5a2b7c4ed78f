// One tuning trial: a classifier with the trial's settings, cross-validated on the same folds as every other trial.
import type { Dataset } from '../data/dataset.js';
import type { Fold } from '../data/k-fold.js';
import type { LabelledTable } from '../data/table/table.js';
import { Classifier, type ClassifierOptions } from './classifier.js';
import { scoreFold } from './cross-validate.js';
import { summarise, type Scores } from './fold-scores.js';
import type { TrialParams } from './search-space.js';

/** A trial's cross-validated scores, or why it failed (a diverging rate, say): scikit-learn's `error_score=nan`. */
export type TrialOutcome = { cv: { mean: Scores; std: Scores }; error?: undefined } | { cv: null; error: string };

/** One fold of a trial: its scores, or the message of the error that stopped its training. */
export type FoldOutcome = { scores: Scores } | { error: string };

/** Fits the classifier `base` with `params` on the fold's training rows and scores it on its test rows. */
export async function runFold(data: Dataset | LabelledTable, base: ClassifierOptions, params: TrialParams, fold: Fold): Promise<FoldOutcome> {
  try {
    return { scores: await scoreFold({ ...base, ...params }, data, fold) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The trial's outcome from its folds' (in fold order): the first fold that failed fails it. */
export function trialOutcome(folds: readonly FoldOutcome[]): TrialOutcome {
  const failed = folds.find((fold): fold is { error: string } => 'error' in fold);
  if (failed) return { cv: null, error: failed.error };
  return { cv: summarise(folds.map((fold) => (fold as { scores: Scores }).scores)) };
}

/** Cross-validates the classifier `base` with `params` over `folds`, stopping at the first fold that fails. */
export async function runTrial(data: Dataset | LabelledTable, base: ClassifierOptions, params: TrialParams, folds: readonly Fold[]): Promise<TrialOutcome> {
  const outcomes: FoldOutcome[] = [];
  for (const fold of folds) {
    outcomes.push(await runFold(data, base, params, fold));
    if ('error' in outcomes[outcomes.length - 1]) break;
  }
  return trialOutcome(outcomes);
}

/** The classifier `base` with `params` fitted on all the rows: a search's result. */
export async function refit(data: Dataset | LabelledTable, base: ClassifierOptions, params: TrialParams): Promise<Classifier> {
  const model = new Classifier({ ...base, ...params });
  await model.fit(data);
  return model;
}
