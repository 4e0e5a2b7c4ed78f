// ExponentialLR: the lr decays by a constant factor every epoch.
import { checkOption, type Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

/** Options of `ExponentialLR`. */
export interface ExponentialLROptions {
  /** Factor applied every epoch (required, as in torch). */
  gamma: number;
}

/**
 * Multiplies each group's lr by `gamma` every epoch: `lr = baseLr * gamma^epoch` when nothing else changes it.
 * @example
 * const schedule = new ExponentialLR(opt, { gamma: 0.95 });
 */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: Optimizer, { gamma }: ExponentialLROptions) {
    checkOption(Number.isFinite(gamma), 'ExponentialLR', 'gamma', 'a finite number', gamma);
    super('ExponentialLR', optimizer);
    this.gamma = gamma;
    this.step();
  }

  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    return this.lastEpoch === 0 ? lrs : lrs.map((lr) => lr * this.gamma);
  }
}
