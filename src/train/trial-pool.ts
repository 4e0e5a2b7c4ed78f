// Runs tuning trials on worker threads, each fold of each trial wherever a thread is free, or in this thread.
import type { Worker } from 'node:worker_threads';
import { nodeWorkerThreads } from '../builtins.js';
import type { Dataset } from '../data/dataset.js';
import type { Fold } from '../data/k-fold.js';
import type { LabelledTable } from '../data/table/table.js';
import { Classifier, type ClassifierOptions } from './classifier.js';
import type { History } from './fit.js';
import type { PortableData } from './portable-data.js';
import type { TrialParams } from './search-space.js';
import { refit, runTrial, trialOutcome, type FoldOutcome, type TrialOutcome } from './trial.js';
import type { TrialTask, TrialWorkerData } from './trial-worker.js';

// Where scripts/bundle.mjs put the worker's bundle, relative to the bundle this code is in. Outside a Node bundle
// (tsc's files, a test of the sources, a browser) there is none, and trials run in this thread.
declare const SOFTGRAD_TRIAL_WORKER: string | undefined;
const workerPath = typeof SOFTGRAD_TRIAL_WORKER === 'string' ? SOFTGRAD_TRIAL_WORKER : undefined;

/** Whether trials can run on worker threads here. */
export function canRunTrialsInWorkers(): boolean {
  return workerPath !== undefined;
}

/** A search's trials and the best settings refitted on all the rows. */
export interface SearchOutcome {
  outcomes: TrialOutcome[];
  best: number;
  model: Classifier | null;
}

/**
 * Runs every trial, in the order of `settings`, picks the best with `pick` (-1: none) and refits it on all the rows.
 * With `threads` above 1 (and workers available) that many worker threads each take the next (trial, fold) as they
 * finish one, so that the threads finish together, and one of them refits; a trial's outcome and the refitted model do
 * not depend on which threads ran them, nor on their number, since every thread runs the same code on the same rows
 * and folds, a failed trial reports its first failing fold, and a model file holds the exact weights. `rows` is
 * `portable` made again, so that this thread trains on exactly what the workers do.
 */
export async function search(
  rows: Dataset | LabelledTable,
  portable: PortableData,
  base: ClassifierOptions,
  folds: Fold[],
  settings: readonly TrialParams[],
  threads: number,
  pick: (outcomes: readonly TrialOutcome[]) => number,
  onOutcome?: (index: number, outcome: TrialOutcome) => void,
): Promise<SearchOutcome> {
  const workers = Math.min(threads, settings.length * folds.length);
  if (workers <= 1 || workerPath === undefined) {
    const outcomes: TrialOutcome[] = [];
    for (const [index, params] of settings.entries()) {
      outcomes.push(await runTrial(rows, base, params, folds));
      onOutcome?.(index, outcomes[index]);
    }
    const best = pick(outcomes);
    return { outcomes, best, model: best < 0 ? null : await refit(rows, base, settings[best]) };
  }
  const { Worker } = nodeWorkerThreads();
  const workerData: TrialWorkerData = { data: portable, base, folds };
  const pool = Array.from({ length: workers }, () => new Worker(new URL(workerPath, import.meta.url), { workerData }));
  try {
    const outcomes = await runFolds(pool, folds.length, settings, onOutcome);
    const best = pick(outcomes);
    return { outcomes, best, model: best < 0 ? null : await refitOn(pool[0], settings[best]) };
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
}

/** Every (trial, fold) on the workers, each worker taking the next as it finishes one; the trials' outcomes. */
function runFolds(pool: readonly Worker[], folds: number, settings: readonly TrialParams[], onOutcome?: (index: number, outcome: TrialOutcome) => void): Promise<TrialOutcome[]> {
  const outcomes: TrialOutcome[] = new Array(settings.length);
  const foldOutcomes = settings.map(() => new Array<FoldOutcome>(folds));
  const foldsDone = new Int32Array(settings.length);
  const tasks = settings.length * folds;
  return new Promise((resolve, reject) => {
    let next = 0;
    let done = 0;
    const give = (worker: Worker) => {
      if (next === tasks) return;
      const [trial, fold] = [Math.floor(next / folds), next++ % folds];
      worker.postMessage({ kind: 'fold', trial, fold, params: settings[trial] } satisfies TrialTask);
    };
    const onExit = (code: number) => reject(new Error(`a tuning worker thread stopped (exit code ${code}) before the trials were done`));
    const listeners = pool.map((worker) => ({
      worker,
      onMessage: ({ trial, fold, outcome }: { trial: number; fold: number; outcome: FoldOutcome }) => {
        foldOutcomes[trial][fold] = outcome;
        if (++foldsDone[trial] === folds) {
          outcomes[trial] = trialOutcome(foldOutcomes[trial]);
          onOutcome?.(trial, outcomes[trial]);
        }
        if (++done < tasks) return give(worker);
        // The workers stay for the refit, which listens for itself.
        for (const l of listeners) l.worker.off('message', l.onMessage).off('error', reject).off('exit', onExit);
        resolve(outcomes);
      },
    }));
    for (const { worker, onMessage } of listeners) {
      worker.on('message', onMessage).on('error', reject).on('exit', onExit);
      give(worker);
    }
  });
}

/** The model the worker refits with `params`, made from its file's content (exact weights) and its history. */
function refitOn(worker: Worker, params: TrialParams): Promise<Classifier> {
  return new Promise((resolve, reject) => {
    worker.once('message', (reply: { model: object; history: History; effectiveWeightDecay: number } | { error: string }) => {
      if ('error' in reply) return reject(new Error(reply.error));
      resolve(Object.assign(Classifier.fromJSON(reply.model), { history: reply.history, effectiveWeightDecay: reply.effectiveWeightDecay }));
    });
    worker.once('error', reject);
    worker.postMessage({ kind: 'refit', params } satisfies TrialTask);
  });
}
