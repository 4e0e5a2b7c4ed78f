// Hyper-parameter search: trials of settings, each scored by cross-validation, and the best refitted on all the rows.
import { ValueError } from '../errors.js';
import { checkNumThreads, coreCount } from '../tensor/runtime/threads.js';
import type { Classifier, ClassifierOptions } from './classifier.js';
import { asLabelled, foldsOf, type LabelledData } from './cross-validate.js';
import type { Scores } from './fold-scores.js';
import { fromPortable, toPortable } from './portable-data.js';
import { trialSettings, type SearchSpace, type TrialParams } from './search-space.js';
import { search } from './trial-pool.js';
import type { TrialOutcome } from './trial.js';

/** Options of `tune`. */
export interface TuneOptions {
  /** Settings to try. Default 30. */
  trials?: number;
  /** Folds of the cross-validation that scores each trial. Default 5. */
  folds?: number;
  /** `'random'` (default): seeded draws, the defaults first; `'grid'`: every combination (see `trialSettings`). */
  search?: 'random' | 'grid';
  /** What each setting may take; see `DEFAULT_SPACE`. */
  space?: SearchSpace;
  /** Seeds the draws, the folds and every model. Default 0. */
  seed?: number;
  /** The settings not searched (epochs, patience, loss, activation, columns...). */
  base?: ClassifierOptions;
  /** For records: the key of the label. */
  label?: string;
  /**
   * Worker threads that run trials side by side, or `'auto'`: every core. Default `'auto'`. The results are the same
   * for any number (where Node's worker threads are not available, trials run in this thread).
   */
  threads?: number | 'auto';
  /** Called as each trial finishes (in the order they finish). */
  onTrial?: (index: number, trial: Trial) => void;
}

/** A trial: its settings and cross-validated scores (null, with `error`, if training failed). */
export interface Trial {
  params: TrialParams;
  cv: { mean: Scores; std: Scores } | null;
  error?: string;
}

/** What `tune` found: every trial, the best one's index, and the best settings refitted on all the rows. */
export interface TuneResult {
  trials: Trial[];
  best: number;
  model: Classifier;
}

/**
 * Searches settings of a `Classifier` as scikit-learn's `RandomizedSearchCV` / `GridSearchCV` do: each trial is scored
 * by stratified k-fold cross-validation on the same folds (mean accuracy, ties going to the lower log-loss, then the
 * earlier trial), and the best is refitted on all the rows. A trial whose training fails (a rate that diverges) counts
 * as failed, not as the end of the search. Every trial runs in full: no early halving of bad ones, so that the table
 * of trials compares like with like.
 * @example
 * const { trials, best, model } = await tune(await readTable('penguins.csv', { label: 'species' }), { trials: 20 });
 * trials[best].params; trials[best].cv.mean.accuracy; model.save('best.json');
 */
export async function tune(data: LabelledData, options: TuneOptions = {}): Promise<TuneResult> {
  const seed = options.seed ?? 0;
  const base = { ...options.base, seed, callbacks: undefined };
  const settings = trialSettings(options.space ?? {}, options.trials ?? 30, options.search ?? 'random', seed);
  // The rows as the workers will have them, here too: then no trial depends on where it ran.
  const portable = toPortable(asLabelled(data, options.label));
  const rows = fromPortable(portable);
  const folds = foldsOf(rows, options.folds ?? 5, seed);
  const report = options.onTrial && ((index: number, outcome: Omit<Trial, 'params'>) => options.onTrial!(index, { params: settings[index], ...outcome }));
  const asTrials = (outcomes: readonly TrialOutcome[]): Trial[] => outcomes.map((outcome, i) => ({ params: settings[i], ...outcome }));
  const pick = (outcomes: readonly TrialOutcome[]) => bestTrial(asTrials(outcomes));
  const { outcomes, best, model } = await search(rows, portable, base, folds, settings, threadsOf(options.threads ?? 'auto'), pick, report);
  const trials = asTrials(outcomes);
  if (model === null) throw new ValueError(`tune: every trial failed; the first: ${trials[0].error}`);
  return { trials, best, model };
}

/** The index of the best trial: highest mean accuracy, then lowest mean log-loss, then the first; -1 if all failed. */
export function bestTrial(trials: readonly Trial[]): number {
  let best = -1;
  trials.forEach((trial, i) => {
    if (trial.cv === null) return;
    const leader = best < 0 ? null : trials[best].cv!.mean;
    const { accuracy, logLoss } = trial.cv.mean;
    if (leader === null || accuracy > leader.accuracy || (accuracy === leader.accuracy && logLoss < leader.logLoss)) best = i;
  });
  return best;
}

/** The worker threads to run trials on: `'auto'` is every core, unlike a product's setting, which stops at 4. */
function threadsOf(threads: number | 'auto'): number {
  const checked = checkNumThreads(threads, 'tune');
  return checked === 'auto' ? coreCount() : checked;
}
