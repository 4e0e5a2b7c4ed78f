// What a tuning worker thread runs (bundled as dist/trial-worker.js): it makes the rows once, then fits and scores
// each (trial, fold) it is sent, one at a time, and posts the outcome back; last, it may refit the best settings.
import { parentPort, workerData } from 'node:worker_threads';
import type { Fold } from '../data/k-fold.js';
import { setNumThreads } from '../tensor/runtime/threads.js';
import type { ClassifierOptions } from './classifier.js';
import { fromPortable, type PortableData } from './portable-data.js';
import type { TrialParams } from './search-space.js';
import { refit, runFold } from './trial.js';

/** A worker's task: one fold of one trial, or the refit of the best settings on all the rows. */
export type TrialTask = { kind: 'fold'; trial: number; fold: number; params: TrialParams } | { kind: 'refit'; params: TrialParams };

/** What a worker is started with. */
export interface TrialWorkerData {
  data: PortableData;
  base: ClassifierOptions;
  folds: Fold[];
}

const port = parentPort;
if (port !== null) {
  const { data, base, folds } = workerData as TrialWorkerData;
  // The workers are the parallelism: a product split again over threads would only contend for the same cores.
  setNumThreads(1);
  const rows = fromPortable(data);
  port.on('message', (message: TrialTask) => {
    const { params } = message;
    if (message.kind === 'fold') {
      const { trial, fold } = message;
      void runFold(rows, base, params, folds[fold]).then((outcome) => port.postMessage({ trial, fold, outcome }));
    } else {
      // The search's winner, fitted where the code is already warm; the model travels as its file's content.
      void refit(rows, base, params).then(
        (clf) => port.postMessage({ model: clf.toJSON(), history: clf.history, effectiveWeightDecay: clf.effectiveWeightDecay }),
        (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) }),
      );
    }
  });
}
