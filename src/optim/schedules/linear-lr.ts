// LinearLR: the lr factor moves linearly from startFactor to endFactor, the usual warmup.
import { checkOption, type Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

/** Options of `LinearLR`: torch's, camelCased, with its defaults. */
export interface LinearLROptions {
  /** The factor at epoch 0, in (0, 1]. Default 1/3. */
  startFactor?: number;
  /** The factor from epoch `totalIters` on, in [0, 1]. Default 1. */
  endFactor?: number;
  /** Epochs over which the factor moves. Default 5. */
  totalIters?: number;
}

/**
 * Scales each group's lr by a factor that moves linearly from `startFactor` to `endFactor` over `totalIters`
 * epochs, then stays: `lr = baseLr * (start + (end - start) * min(epoch, totalIters) / totalIters)` when nothing
 * else changes the lr. With the defaults it is a linear warmup to the base lr.
 * @example
 * const warmup = new LinearLR(opt, { startFactor: 0.1, totalIters: 10 });
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: Optimizer, { startFactor = 1 / 3, endFactor = 1, totalIters = 5 }: LinearLROptions = {}) {
    checkOption(startFactor > 0 && startFactor <= 1, 'LinearLR', 'startFactor', 'in (0, 1]', startFactor);
    checkOption(endFactor >= 0 && endFactor <= 1, 'LinearLR', 'endFactor', 'in [0, 1]', endFactor);
    checkOption(Number.isInteger(totalIters) && totalIters > 0, 'LinearLR', 'totalIters', 'a positive integer', totalIters);
    super('LinearLR', optimizer);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.step();
  }

  protected computeLr(): number[] {
    const { lastEpoch: t, startFactor: start, endFactor: end, totalIters } = this;
    const lrs = this.currentLrs();
    if (t === 0) return lrs.map((lr) => lr * start);
    if (t > totalIters) return lrs;
    // factor(t) / factor(t-1), written as torch writes it
    const ratio = 1 + (end - start) / (totalIters * start + (t - 1) * (end - start));
    return lrs.map((lr) => lr * ratio);
  }
}
