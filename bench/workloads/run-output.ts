// What every system's runner returns: the training time and the trained weights.
import type { DenseLayer } from './accuracy.js';
import type { WorkloadData } from './data.js';
import type { Workload } from './workloads.js';

export interface RunOutput {
  /** Wall-clock seconds of training alone: no data generation, model building or evaluation. */
  seconds: number;
  /** The trained layers, in PyTorch's layout, for `trainingAccuracy`. */
  layers: DenseLayer[];
}

/** Trains `workload` on `data` once, seeded, and reports the time. */
export type Runner = (workload: Workload, data: WorkloadData) => Promise<RunOutput>;

/** Seconds since `start` (a `process.hrtime.bigint()` reading). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** What a run process reports to the suite, on one line after `RESULT_PREFIX`. */
export interface RunResult {
  seconds: number;
  /** process.resourceUsage().maxRSS after training, before evaluation: bytes. */
  peakRss: number;
  /** On the training data. */
  accuracy: number;
}

export const RESULT_PREFIX = 'RESULT ';
