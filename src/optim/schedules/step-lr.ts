// StepLR: the lr drops by a factor every few epochs.
import { checkOption, type Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

/** Options of `StepLR`: torch's, camelCased, with its defaults. */
export interface StepLROptions {
  /** Epochs between two decays. */
  stepSize: number;
  /** Factor applied at each decay. Default 0.1. */
  gamma?: number;
}

/**
 * Multiplies each group's lr by `gamma` every `stepSize` epochs: `lr = baseLr * gamma^floor(epoch / stepSize)`
 * when nothing else changes the lr (as torch's, each decay scales the current lr, so it chains).
 * @example
 * const schedule = new StepLR(opt, { stepSize: 30, gamma: 0.1 });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   trainOneEpoch();
 *   schedule.step();
 * }
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: Optimizer, { stepSize, gamma = 0.1 }: StepLROptions) {
    checkOption(Number.isInteger(stepSize) && stepSize > 0, 'StepLR', 'stepSize', 'a positive integer', stepSize);
    super('StepLR', optimizer);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.step();
  }

  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    return this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0 ? lrs : lrs.map((lr) => lr * this.gamma);
  }
}
