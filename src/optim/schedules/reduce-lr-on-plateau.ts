// ReduceLROnPlateau: cut the lr when a watched metric stops improving.
import { ValueError } from '../../errors.js';
import { checkOption, type Optimizer } from '../optimizer.js';
import { decodeNumber, encodeNumber, readArray, readInteger, readObject } from '../state-dict.js';

/** Options of `ReduceLROnPlateau`: torch's, camelCased, with its defaults. */
export interface ReduceLROnPlateauOptions {
  /** `'min'`: the metric should fall (a loss); `'max'`: it should rise (an accuracy). Default 'min'. */
  mode?: 'min' | 'max';
  /** Factor applied to the lr at each reduction, below 1. Default 0.1. */
  factor?: number;
  /** Epochs without improvement tolerated; the lr is cut on the next one. Default 10. */
  patience?: number;
  /** How much better than the best a metric must be to count as an improvement. Default 1e-4. */
  threshold?: number;
  /** `'rel'`: better than `best * (1 ∓ threshold)`; `'abs'`: better than `best ∓ threshold`. Default 'rel'. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs after a reduction during which bad epochs are not counted. Default 0. */
  cooldown?: number;
  /** The lowest lr, for all groups or one per group. Default 0. */
  minLr?: number | readonly number[];
  /** A reduction smaller than this is skipped. Default 1e-8. */
  eps?: number;
}

/** The position of a `ReduceLROnPlateau`, as plain data; `best` is a string for ±Infinity, which JSON lacks. */
export interface ReduceLROnPlateauStateDict {
  lastEpoch: number;
  best: number | string;
  numBadEpochs: number;
  cooldownCounter: number;
  lastLr: number[];
}

/**
 * Multiplies each group's lr by `factor` (not below `minLr`) once the metric passed to `step(metric)` has not
 * improved on its best for more than `patience` epochs, then waits `cooldown` epochs before counting again.
 * It follows torch's rules step for step.
 * @example
 * const plateau = new ReduceLROnPlateau(opt, { factor: 0.5, patience: 5 });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   trainOneEpoch();
 *   plateau.step(validationLoss());
 * }
 */
export class ReduceLROnPlateau {
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  /** Calls of `step` so far. */
  lastEpoch = 0;
  /** The best metric so far (+Infinity in 'min' mode before the first step, -Infinity in 'max'). */
  best: number;
  /** Epochs since the last improvement, not counting cooldown. */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  private lastLr: number[];

  constructor(readonly optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    const where = 'ReduceLROnPlateau';
    const { mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4, thresholdMode = 'rel' } = options;
    const { cooldown = 0, minLr = 0, eps = 1e-8 } = options;
    checkOption(mode === 'min' || mode === 'max', where, 'mode', "'min' or 'max'", mode);
    checkOption(thresholdMode === 'rel' || thresholdMode === 'abs', where, 'thresholdMode', "'rel' or 'abs'", thresholdMode);
    checkOption(factor < 1 && factor >= 0, where, 'factor', 'in [0, 1)', factor);
    checkOption(Number.isInteger(patience) && patience >= 0, where, 'patience', 'an integer >= 0', patience);
    checkOption(threshold >= 0, where, 'threshold', '>= 0', threshold);
    checkOption(Number.isInteger(cooldown) && cooldown >= 0, where, 'cooldown', 'an integer >= 0', cooldown);
    checkOption(eps >= 0, where, 'eps', '>= 0', eps);
    const groups = optimizer.paramGroups.length;
    if (typeof minLr !== 'number' && minLr.length !== groups) {
      throw new ValueError(`${where}: expected ${groups} minLr values (one per parameter group), got ${minLr.length}`);
    }
    this.minLrs = typeof minLr === 'number' ? new Array<number>(groups).fill(minLr) : [...minLr];
    this.minLrs.forEach((lr, i) => checkOption(lr >= 0, where, `minLr[${i}]`, '>= 0', lr));
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.eps = eps;
    this.best = mode === 'min' ? Infinity : -Infinity;
    this.lastLr = optimizer.paramGroups.map((group) => group.lr);
  }

  /** Records this epoch's metric and reduces the lrs if it has plateaued. Call once per epoch. */
  step(metric: number): void {
    this.lastEpoch += 1;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else { this.numBadEpochs += 1; }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLrs();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((group) => group.lr);
  }

  /** The groups' learning rates after the last `step` (or at construction). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The schedule's position as plain data (options are not included: build with the same options, then load). */
  stateDict(): ReduceLROnPlateauStateDict {
    return {
      lastEpoch: this.lastEpoch,
      best: encodeNumber(this.best),
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastLr: [...this.lastLr],
    };
  }

  /** Restores a position from `stateDict()`, checked before anything changes. */
  loadStateDict(stateDict: ReduceLROnPlateauStateDict): void {
    const where = 'ReduceLROnPlateau.loadStateDict';
    const saved = readObject(where, stateDict);
    const lastEpoch = readInteger(`${where}.lastEpoch`, saved.lastEpoch);
    const best = decodeNumber(`${where}.best`, saved.best);
    const numBadEpochs = readInteger(`${where}.numBadEpochs`, saved.numBadEpochs);
    const cooldownCounter = readInteger(`${where}.cooldownCounter`, saved.cooldownCounter);
    const groups = this.optimizer.paramGroups.length;
    const lastLr = Array.from(readArray(`${where}.lastLr (one per parameter group)`, saved.lastLr, groups));
    Object.assign(this, { lastEpoch, best, numBadEpochs, cooldownCounter, lastLr });
  }

  private isBetter(metric: number): boolean {
    const { best, threshold } = this;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? metric < best * (1 - threshold) : metric < best - threshold;
    return this.thresholdMode === 'rel' ? metric > best * (threshold + 1) : metric > best + threshold;
  }

  private reduceLrs(): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const newLr = Math.max(group.lr * this.factor, this.minLrs[i]);
      // torch skips cuts smaller than eps, so an lr already at minLr stays exactly there
      if (group.lr - newLr > this.eps) group.lr = newLr;
    });
  }
}
