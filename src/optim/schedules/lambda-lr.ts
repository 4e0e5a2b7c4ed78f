// LambdaLR: the lr is the base lr times a user function of the epoch.
import { ValueError } from '../../errors.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

/** A function from the epoch (0, 1, 2, ...) to the factor that multiplies the base lr. */
export type LrLambda = (epoch: number) => number;

/**
 * Sets each group's lr to `baseLr * lrLambda(epoch)`: one function for all groups, or one per group.
 * Not chainable (as torch's): it ignores the current lr. The functions are not part of `stateDict()`.
 * @example
 * const warmup = new LambdaLR(opt, (epoch) => Math.min(1, (epoch + 1) / 10));
 */
export class LambdaLR extends LRScheduler {
  readonly lrLambdas: LrLambda[];

  constructor(optimizer: Optimizer, lrLambda: LrLambda | readonly LrLambda[]) {
    const groups = optimizer.paramGroups.length;
    const lambdas = typeof lrLambda === 'function' ? new Array<LrLambda>(groups).fill(lrLambda) : [...lrLambda];
    if (lambdas.length !== groups) {
      throw new ValueError(`LambdaLR: expected ${groups} lrLambdas (one per parameter group), got ${lambdas.length}`);
    }
    lambdas.forEach((fn, i) => {
      if (typeof fn !== 'function') throw new ValueError(`LambdaLR: lrLambda[${i}] must be a function, got ${typeof fn}`);
    });
    super('LambdaLR', optimizer);
    this.lrLambdas = lambdas;
    this.step();
  }

  protected computeLr(): number[] {
    return this.baseLrs.map((base, i) => base * this.lrLambdas[i](this.lastEpoch));
  }
}
