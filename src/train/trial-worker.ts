// What a tuning worker thread runs (bundled as dist/trial-worker.js): it makes the rows once, then fits and scores
// each (trial, fold) it is sent, one at a time, and posts the outcome back.
import { parentPort, workerData } from 'node:worker_threads';
import type { Fold } from '../data/k-fold.js';
import { setNumThreads } from '../tensor/runtime/threads.js';
import type { ClassifierOptions } from './classifier.js';
import { fromPortable, type PortableData } from './portable-data.js';
import type { TrialParams } from './search-space.js';
import { runFold } from './trial.js';

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
  port.on('message', (message: { trial: number; fold: number; params: TrialParams } | null) => {
    if (message === null) return port.close();
    const { trial, fold, params } = message;
    void runFold(rows, base, params, folds[fold]).then((outcome) => port.postMessage({ trial, fold, outcome }));
  });
}
