// Mean squared error, one graph node.
import { allocate } from '../tensor/dtype.js';
import { gradBuffer, opResult, Tensor } from '../tensor/tensor.js';
import { checkReduction, targetValues, type Reduction } from './loss-inputs.js';

/** Options of `mseLoss`, as in `torch.nn.functional.mse_loss`. */
export interface MseLossOptions {
  /** `'mean'` (default) over all elements, `'sum'`, or `'none'` for the squared errors themselves. */
  reduction?: Reduction;
}

/**
 * `(pred - target)^2` elementwise, then reduced. `target` is a tensor of `pred`'s shape, or a flat list in
 * row-major order; the gradient reaches both when they require grad. Throws a ShapeError if the shapes differ.
 * @example
 * const loss = mseLoss(model.forward(x), y);
 */
export function mseLoss(pred: Tensor, target: Tensor | readonly number[], options: MseLossOptions = {}): Tensor {
  const op = 'mseLoss';
  const { reduction = 'mean' } = options;
  checkReduction(op, reduction);
  let t = targetValues(op, target, pred);
  const p = pred.data;
  const size = pred.size;
  const out = allocate(pred.dtype, reduction === 'none' ? size : 1);
  const parents = target instanceof Tensor ? [pred, target] : [pred];
  return opResult(out, reduction === 'none' ? pred.shape : [], parents, {
    name: op,
    args: [reduction, target instanceof Tensor ? null : target],
    forward: () => {
      t = targetValues(op, target, pred);
      let total = 0;
      for (let i = 0; i < size; i++) {
        const d = p[i] - t[i];
        if (reduction === 'none') out[i] = d * d;
        total += d * d;
      }
      if (reduction !== 'none') out[0] = reduction === 'mean' ? total / size : total;
    },
    // d/dpred = 2 (pred - target) = -d/dtarget
    backward: (g) => {
      const dp = pred.requiresGrad ? gradBuffer(pred) : null;
      const dt = target instanceof Tensor && target.requiresGrad ? gradBuffer(target) : null;
      const reduced = reduction === 'mean' ? g[0] / size : g[0];
      for (let i = 0; i < size; i++) {
        const grad = 2 * (p[i] - t[i]) * (reduction === 'none' ? g[i] : reduced);
        if (dp !== null) dp[i] += grad;
        if (dt !== null) dt[i] -= grad;
      }
    },
  });
}
