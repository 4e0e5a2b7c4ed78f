// AdamW: Adam with weight decay decoupled from the gradient, as torch.optim.AdamW updates.
import { AdamBase, type AdamHyperparameters, type AdamOptions } from './adam.js';
import type { OptimizerParams } from './optimizer.js';

/**
 * AdamW, exactly as torch.optim.AdamW (torch 1.13): first `p = p * (1 - lr*weightDecay)`, then the Adam update
 * with no L2 term in the gradient. `weightDecay` defaults to 1e-2; the other options are Adam's.
 * @example
 * const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.05 });
 */
export class AdamW extends AdamBase {
  constructor(params: OptimizerParams<AdamHyperparameters>, options: AdamOptions = {}) {
    super('AdamW', params, options, 1e-2, true);
  }
}
