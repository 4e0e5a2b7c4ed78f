// Checks analytic gradients against central finite differences, as torch.autograd.gradcheck does.
import { GradError, ValueError } from '../errors.js';
import { noGrad } from './grad-mode.js';
import { makeRng } from './random.js';
import { Tensor } from './tensor.js';

/** Options of `gradcheck`, with PyTorch's defaults. */
export interface GradcheckOptions {
  /** Finite-difference step. */
  eps?: number;
  /** Absolute tolerance. */
  atol?: number;
  /** Relative tolerance. */
  rtol?: number;
  /** Throw a GradError describing the worst element on failure (default), or return false. */
  raiseException?: boolean;
}

/**
 * Compares the gradient that `backward()` computes for `fn(...inputs)` with central finite differences
 * `(f(x+eps) - f(x-eps)) / 2eps`, for every element of every input that requires grad. A non-scalar output is reduced
 * with fixed pseudo-random weights, so every output element is checked. Inputs that require grad must be float64.
 * @example
 * gradcheck((x, w) => x.matmul(w).tanh(), [randn([3, 4], 0, f64), randn([4, 2], 1, f64)]);
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], options: GradcheckOptions = {}): boolean {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, raiseException = true } = options;
  const checked = inputs.filter((t) => t.requiresGrad);
  if (checked.length === 0) throw new ValueError('gradcheck: no input requires grad');
  for (const t of checked) if (t.dtype !== 'float64') throw new ValueError(`gradcheck: inputs must be float64, got ${t.dtype} for ${t}`);
  const probe = noGrad(() => fn(...inputs));
  const rng = makeRng('gradcheck');
  const weights = new Float64Array(probe.size);
  for (let i = 0; i < weights.length; i++) weights[i] = 0.5 + rng();
  const objective = (out: Tensor): number => {
    let s = 0;
    for (let i = 0; i < out.size; i++) s += weights[i] * out.data[i];
    return s;
  };

  const saved = checked.map((t) => t.grad);
  for (const t of checked) t.grad = null;
  const out = fn(...inputs);
  out.backward(weights);
  const analytic = checked.map((t) => (t.grad === null ? new Float64Array(t.size) : Float64Array.from(t.grad.data)));
  checked.forEach((t, i) => (t.grad = saved[i]));

  for (let n = 0; n < checked.length; n++) {
    const x = checked[n].data;
    for (let i = 0; i < x.length; i++) {
      const original = x[i];
      x[i] = original + eps;
      const plus = objective(noGrad(() => fn(...inputs)));
      x[i] = original - eps;
      const minus = objective(noGrad(() => fn(...inputs)));
      x[i] = original;
      const numeric = (plus - minus) / (2 * eps);
      const got = analytic[n][i];
      if (!(Math.abs(got - numeric) <= atol + rtol * Math.abs(numeric))) {
        if (!raiseException) return false;
        throw new GradError(
          `gradcheck: input ${inputs.indexOf(checked[n])} element ${i}: analytic gradient ${got} differs from numerical ${numeric}`,
        );
      }
    }
  }
  return true;
}
