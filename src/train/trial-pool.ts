// Runs tuning trials on worker threads, each fold of each trial wherever a thread is free, or in this thread.
import type { Worker } from 'node:worker_threads';
import { nodeWorkerThreads } from '../builtins.js';
import type { Dataset } from '../data/dataset.js';
import type { Fold } from '../data/k-fold.js';
import type { LabelledTable } from '../data/table/table.js';
import type { ClassifierOptions } from './classifier.js';
import type { PortableData } from './portable-data.js';
import type { TrialParams } from './search-space.js';
import { runTrial, trialOutcome, type FoldOutcome, type TrialOutcome } from './trial.js';
import type { TrialWorkerData } from './trial-worker.js';

// Where scripts/bundle.mjs put the worker's bundle, relative to the bundle this code is in. Outside a Node bundle
// (tsc's files, a test of the sources, a browser) there is none, and trials run in this thread.
declare const SOFTGRAD_TRIAL_WORKER: string | undefined;
const workerPath = typeof SOFTGRAD_TRIAL_WORKER === 'string' ? SOFTGRAD_TRIAL_WORKER : undefined;

/** Whether trials can run on worker threads here. */
export function canRunTrialsInWorkers(): boolean {
  return workerPath !== undefined;
}

/**
 * The outcome of each trial, in the order of `settings`. With `threads` above 1 (and workers available) that many
 * worker threads each take the next (trial, fold) as they finish one, so that the threads finish together; a trial's
 * outcome does not depend on which threads ran its folds, nor on their number, since every thread runs the same code
 * on the same rows and folds, and a failed trial reports its first failing fold. `rows` is `portable` made again, so
 * that this thread trains on exactly what the workers do.
 */
export async function runTrials(
  rows: Dataset | LabelledTable,
  portable: PortableData,
  base: ClassifierOptions,
  folds: Fold[],
  settings: readonly TrialParams[],
  threads: number,
  onOutcome?: (index: number, outcome: TrialOutcome) => void,
): Promise<TrialOutcome[]> {
  const outcomes: TrialOutcome[] = new Array(settings.length);
  const tasks = settings.length * folds.length;
  const workers = Math.min(threads, tasks);
  if (workers <= 1 || workerPath === undefined) {
    for (const [index, params] of settings.entries()) {
      outcomes[index] = await runTrial(rows, base, params, folds);
      onOutcome?.(index, outcomes[index]);
    }
    return outcomes;
  }
  const { Worker } = nodeWorkerThreads();
  const workerData: TrialWorkerData = { data: portable, base, folds };
  const foldOutcomes = settings.map(() => new Array<FoldOutcome>(folds.length));
  const foldsDone = new Int32Array(settings.length);
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      const give = (worker: Worker) => {
        if (next === tasks) return;
        const [trial, fold] = [Math.floor(next / folds.length), next++ % folds.length];
        worker.postMessage({ trial, fold, params: settings[trial] });
      };
      for (let i = 0; i < workers; i++) {
        const worker = new Worker(new URL(workerPath, import.meta.url), { workerData });
        pool.push(worker);
        worker.on('message', ({ trial, fold, outcome }: { trial: number; fold: number; outcome: FoldOutcome }) => {
          foldOutcomes[trial][fold] = outcome;
          if (++foldsDone[trial] === folds.length) {
            outcomes[trial] = trialOutcome(foldOutcomes[trial]);
            onOutcome?.(trial, outcomes[trial]);
          }
          if (++done === tasks) resolve();
          else give(worker);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (done < tasks) reject(new Error(`a tuning worker thread stopped (exit code ${code}) before the trials were done`));
        });
        give(worker);
      }
    });
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  return outcomes;
}
