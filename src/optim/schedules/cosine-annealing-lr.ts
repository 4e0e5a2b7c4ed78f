// CosineAnnealingLR: the lr follows half a cosine from its start down to etaMin over tMax epochs.
import { checkOption, type Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';
import { portableCos } from '../../tensor/portable-math.js';

/** Options of `CosineAnnealingLR`: torch's, camelCased, with its defaults. */
export interface CosineAnnealingLROptions {
  /** Epochs from the start lr down to `etaMin` (half a period of the cosine). */
  tMax: number;
  /** The lowest lr. Default 0. */
  etaMin?: number;
}

/**
 * Anneals each group's lr along a cosine: with nothing else changing the lr,
 * `lr = etaMin + (baseLr - etaMin) * (1 + cos(pi * epoch / tMax)) / 2`, which reaches `etaMin` at `tMax` and,
 * as torch's, climbs back up after it (no restarts; use tMax = total epochs).
 *
 * Like torch's, each step computes the new lr from the current one (the recursive form in torch's docs), so it
 * chains with other changes to the lr; for plain stepping it equals the closed form above to rounding.
 * @example
 * const schedule = new CosineAnnealingLR(opt, { tMax: 100, etaMin: 1e-5 });
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: Optimizer, { tMax, etaMin = 0 }: CosineAnnealingLROptions) {
    checkOption(tMax > 0 && Number.isFinite(tMax), 'CosineAnnealingLR', 'tMax', 'a positive number', tMax);
    checkOption(Number.isFinite(etaMin), 'CosineAnnealingLR', 'etaMin', 'a finite number', etaMin);
    super('CosineAnnealingLR', optimizer);
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.step();
  }

  protected computeLr(): number[] {
    const { lastEpoch: t, tMax, etaMin } = this;
    const lrs = this.currentLrs();
    if (t === 0) return lrs;
    if ((t - 1 - tMax) % (2 * tMax) === 0) {
      // Just past a minimum the ratio below would divide by 1 + cos(pi) = 0: torch adds the first rise instead.
      return lrs.map((lr, i) => lr + ((this.baseLrs[i] - etaMin) * (1 - portableCos(Math.PI / tMax))) / 2);
    }
    const ratio = (1 + portableCos((Math.PI * t) / tMax)) / (1 + portableCos((Math.PI * (t - 1)) / tMax));
    return lrs.map((lr) => ratio * (lr - etaMin) + etaMin);
  }
}
