// The base of the epoch-driven schedules, as torch's LRScheduler: each step() sets every group's lr.
import type { Optimizer } from '../optimizer.js';
import { readArray, readInteger, readObject } from '../state-dict.js';

/** A schedule's position, as plain data: restore it with `loadStateDict` on a schedule built with the same options. */
export interface LRSchedulerStateDict {
  lastEpoch: number;
  baseLrs: number[];
  lastLr: number[];
}

/**
 * The base of StepLR, ExponentialLR, CosineAnnealingLR, LinearLR and LambdaLR. Like torch's, construction
 * performs step 0 (which sets the first lr), and then `step()` is called once per epoch after `optimizer.step()`.
 * Schedules are chainable as torch's are: most compute the new lr from the group's current lr, so two schedules
 * on one optimizer, or a manual change to `lr`, compose.
 */
export abstract class LRScheduler {
  /** Each group's lr when the first schedule was attached to the optimizer (torch's `base_lrs`, from `initial_lr`). */
  baseLrs: number[];
  /** How many times `step()` has run since construction; 0 right after it (torch's `last_epoch`). */
  lastEpoch = -1;
  private lastLr: number[] = [];

  protected constructor(
    /** The schedule's class name, for error messages. */
    readonly name: string,
    readonly optimizer: Optimizer,
  ) {
    // Recorded by the first schedule, so one chained after it starts from the same lr, not one the first has changed.
    for (const group of optimizer.paramGroups) group.initialLr ??= group.lr;
    this.baseLrs = optimizer.paramGroups.map((group) => group.initialLr as number);
  }

  /** Every group's lr at epoch `lastEpoch` (torch's `get_lr`: chainable, from the current lrs, where torch's is). */
  protected abstract computeLr(): number[];

  /** Advances one epoch and sets every group's lr. Call it after `optimizer.step()`, as in torch. */
  step(): void {
    this.lastEpoch += 1;
    const lrs = this.computeLr();
    this.optimizer.paramGroups.forEach((group, i) => (group.lr = lrs[i]));
    this.lastLr = lrs;
  }

  /** The lr this schedule last set, one per parameter group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The groups' current learning rates, which the chainable schedules scale. */
  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((group) => group.lr);
  }

  /**
   * The schedule's position as plain data. Its options (gamma, tMax, ...) are not included, unlike torch's:
   * build the schedule with the same options, then load. Save the optimizer's state too: it holds the current lrs.
   */
  stateDict(): LRSchedulerStateDict {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs], lastLr: [...this.lastLr] };
  }

  /** Restores a position from `stateDict()`, checking it fits this optimizer's groups; it does not change any lr. */
  loadStateDict(stateDict: LRSchedulerStateDict): void {
    const where = `${this.name}.loadStateDict`;
    const saved = readObject(where, stateDict);
    const groups = this.optimizer.paramGroups.length;
    const lastEpoch = readInteger(`${where}.lastEpoch`, saved.lastEpoch);
    const baseLrs = Array.from(readArray(`${where}.baseLrs (one per parameter group)`, saved.baseLrs, groups));
    const lastLr = Array.from(readArray(`${where}.lastLr (one per parameter group)`, saved.lastLr, groups));
    Object.assign(this, { lastEpoch, baseLrs, lastLr });
  }
}
