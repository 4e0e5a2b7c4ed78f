// Gradient clipping, applied in place between backward() and step(), as torch.nn.utils.clip_grad_norm_/_value_.
import { ValueError } from '../errors.js';
import type { FloatArray } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * Scales all gradients together so that their total norm is at most `maxNorm`, and returns the total norm from
 * before clipping. As torch's `clip_grad_norm_`: the total is the `normType`-norm of all gradient elements at once
 * (Infinity: the largest absolute value), and gradients are multiplied by `maxNorm / (total + 1e-6)` only when that
 * is below 1. Parameters without a gradient are ignored. A non-finite total is returned as is so the caller can skip
 * the step; with a NaN total the gradients are left unchanged (torch would multiply them by NaN).
 * @example
 * loss.backward();
 * const norm = clipGradNorm(model.parameters(), 1.0);
 * opt.step();
 */
export function clipGradNorm(parameters: Tensor | Iterable<Tensor>, maxNorm: number, normType = 2): number {
  if (!(maxNorm >= 0)) throw new ValueError(`clipGradNorm: maxNorm must be >= 0, got ${maxNorm}`);
  if (!(normType > 0)) throw new ValueError(`clipGradNorm: normType must be > 0 (or Infinity), got ${normType}`);
  const grads = gradientsOf(parameters);
  let total = 0;
  if (normType === Infinity) {
    // Math.max propagates NaN, as torch's max does
    for (const g of grads) for (let i = 0; i < g.length; i++) total = Math.max(total, Math.abs(g[i]));
  } else {
    for (const g of grads) {
      if (normType === 2) for (let i = 0; i < g.length; i++) total += g[i] * g[i];
      else for (let i = 0; i < g.length; i++) total += Math.abs(g[i]) ** normType;
    }
    total = normType === 2 ? Math.sqrt(total) : total ** (1 / normType);
  }
  const coefficient = maxNorm / (total + 1e-6);
  if (coefficient < 1) for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= coefficient;
  return total;
}

/**
 * Clamps every gradient element into `[-clipValue, clipValue]`, in place, as torch's `clip_grad_value_`.
 * Parameters without a gradient are ignored.
 * @example
 * loss.backward();
 * clipGradValue(model.parameters(), 0.5);
 */
export function clipGradValue(parameters: Tensor | Iterable<Tensor>, clipValue: number): void {
  if (!(clipValue >= 0)) throw new ValueError(`clipGradValue: clipValue must be >= 0, got ${clipValue}`);
  for (const g of gradientsOf(parameters)) {
    for (let i = 0; i < g.length; i++) g[i] = Math.min(Math.max(g[i], -clipValue), clipValue);
  }
}

function gradientsOf(parameters: Tensor | Iterable<Tensor>): FloatArray[] {
  const list = parameters instanceof Tensor ? [parameters] : Array.from(parameters);
  return list.flatMap((p) => (p.grad === null ? [] : [p.grad.data]));
}
