// Adam (and, through AdamBase, AdamW): bias-corrected moment estimates, exactly as torch.optim.Adam updates.
import type { FloatArray } from '../tensor/dtype.js';
import { allocateLike } from '../tensor/runtime/wasm.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOption, Optimizer, type OptimizerParams, type SavedParamState } from './optimizer.js';
import { readArray, readInteger } from './state-dict.js';
import { portablePowInt } from '../tensor/portable-math.js';
import { adamUpdateInPlace, type AdamStep } from './update-kernels.js';

/** Options of `Adam` and `AdamW`: torch's, camelCased, with its defaults. */
export interface AdamOptions {
  /** Learning rate. Default 1e-3. */
  lr?: number;
  /** Decay rates of the first and second moment estimates, each in [0, 1). Default [0.9, 0.999]. */
  betas?: readonly [number, number];
  /** Added to the bias-corrected `sqrt(v)` in the denominator. Default 1e-8. */
  eps?: number;
  /** Adam: L2 penalty added to the gradient. AdamW: decoupled `p *= 1 - lr*weightDecay`. Default 0 (AdamW 1e-2). */
  weightDecay?: number;
  /** Divide by the running maximum of `v` instead of `v` (the AMSGrad variant). Default false. */
  amsgrad?: boolean;
  /** Maximize the objective: the gradient is negated before anything else. Default false. */
  maximize?: boolean;
}

/** Adam's hyperparameters as a parameter group holds them. */
export type AdamHyperparameters = Required<AdamOptions>;

interface AdamParamState {
  /** Updates this parameter has had: the `t` of the bias corrections. */
  step: number;
  expAvg: FloatArray;
  expAvgSq: FloatArray;
  /** The running maximum of `expAvgSq` (amsgrad only). */
  maxExpAvgSq: FloatArray | null;
}

/** What Adam and AdamW share; they differ only in where weight decay goes. Use `Adam` or `AdamW`. */
export abstract class AdamBase extends Optimizer<AdamHyperparameters, AdamParamState> {
  protected constructor(
    name: string,
    params: OptimizerParams<AdamHyperparameters>,
    options: AdamOptions,
    defaultWeightDecay: number,
    /** AdamW: decay shrinks p directly instead of entering the gradient. */
    private readonly decoupledWeightDecay: boolean,
  ) {
    super(name, params, {
      lr: options.lr ?? 1e-3,
      betas: options.betas === undefined ? [0.9, 0.999] : [options.betas[0], options.betas[1]],
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? defaultWeightDecay,
      amsgrad: options.amsgrad ?? false,
      maximize: options.maximize ?? false,
    });
  }

  step(): void {
    for (let gi = 0; gi < this.paramGroups.length; gi++) {
      const group = this.paramGroups[gi];
      const { lr, eps, weightDecay, amsgrad, maximize } = group;
      const beta1 = group.betas[0];
      const beta2 = group.betas[1];
      const l2 = this.decoupledWeightDecay ? 0 : weightDecay;
      const shrink = this.decoupledWeightDecay ? 1 - lr * weightDecay : 1;
      for (let pi = 0; pi < group.params.length; pi++) {
        const param = group.params[pi];
        if (param.grad === null) continue;
        const state = this.paramState(param, amsgrad);
        state.step += 1;
        const biasCorrection1 = 1 - portablePowInt(beta1, state.step);
        const biasCorrection2Sqrt = Math.sqrt(1 - portablePowInt(beta2, state.step));
        const stepSize = lr / biasCorrection1;
        const p = param.data;
        const g = param.grad.data;
        const m = state.expAvg;
        const v = state.expAvgSq;
        const vMax = amsgrad ? state.maxExpAvgSq : null;
        if (param.dtype === 'float32') {
          const update = { beta1, beta2, stepSize, biasCorrection2Sqrt, eps, shrink, l2, maximize };
          if (!adamUpdateInPlace(p, g, m, v, vMax, update)) adamUpdateFloat32(p, g, m, v, vMax, update);
          continue;
        }
        if (shrink === 1 && !maximize && l2 === 0 && vMax === null) {
          plainAdamUpdate(p, g, m, v, beta1, beta2, stepSize, biasCorrection2Sqrt, eps);
          continue;
        }
        // The buffers are read back after storing, so a float32 run computes from exactly what it saves (and resumes).
        for (let i = 0; i < p.length; i++) {
          if (shrink !== 1) p[i] *= shrink;
          let grad = maximize ? -g[i] : g[i];
          if (l2 !== 0) grad += l2 * p[i];
          m[i] = beta1 * m[i] + (1 - beta1) * grad;
          v[i] = beta2 * v[i] + (1 - beta2) * grad * grad;
          let vHat = v[i];
          if (vMax !== null) {
            // the maximum of the raw v, before bias correction
            vMax[i] = Math.max(vMax[i], v[i]);
            vHat = vMax[i];
          }
          // eps goes after dividing sqrt(v) by sqrt(bc2), as in torch: the paper's "efficient" form rounds differently.
          p[i] += (-stepSize * m[i]) / (Math.sqrt(vHat) / biasCorrection2Sqrt + eps);
        }
      }
    }
  }

  private paramState(param: Tensor, amsgrad: boolean): AdamParamState {
    let state = this.state.get(param);
    if (state === undefined) {
      state = {
        step: 0,
        expAvg: allocateLike(param.data, param.size),
        expAvgSq: allocateLike(param.data, param.size),
        maxExpAvgSq: null,
      };
      this.state.set(param, state);
    }
    // Allocated on the first amsgrad step, even if amsgrad was switched on mid-run.
    if (amsgrad && state.maxExpAvgSq === null) state.maxExpAvgSq = allocateLike(param.data, param.size);
    return state;
  }

  protected validate(h: AdamHyperparameters, where: string): void {
    checkOption(h.lr >= 0, where, 'lr', '>= 0', h.lr);
    checkOption(h.eps >= 0, where, 'eps', '>= 0', h.eps);
    checkOption(Array.isArray(h.betas) && h.betas.length === 2, where, 'betas', 'a pair [beta1, beta2]', h.betas);
    checkOption(h.betas[0] >= 0 && h.betas[0] < 1, where, 'betas[0]', 'in [0, 1)', h.betas[0]);
    checkOption(h.betas[1] >= 0 && h.betas[1] < 1, where, 'betas[1]', 'in [0, 1)', h.betas[1]);
    checkOption(h.weightDecay >= 0, where, 'weightDecay', '>= 0', h.weightDecay);
    checkOption(typeof h.amsgrad === 'boolean', where, 'amsgrad', 'true or false', h.amsgrad);
    checkOption(typeof h.maximize === 'boolean', where, 'maximize', 'true or false', h.maximize);
  }

  protected saveParamState(state: AdamParamState): SavedParamState {
    const { step, expAvg, expAvgSq, maxExpAvgSq } = state;
    const saved: SavedParamState = { step, expAvg: Array.from(expAvg), expAvgSq: Array.from(expAvgSq) };
    if (maxExpAvgSq !== null) saved.maxExpAvgSq = Array.from(maxExpAvgSq);
    return saved;
  }

  protected loadParamState(saved: Record<string, unknown>, param: Tensor, h: AdamHyperparameters, where: string): AdamParamState {
    const buffer = (key: string): FloatArray => {
      const data = allocateLike(param.data, param.size);
      data.set(readArray(`${where}.${key}`, saved[key], param.size));
      return data;
    };
    return {
      step: readInteger(`${where}.step`, saved.step),
      expAvg: buffer('expAvg'),
      expAvgSq: buffer('expAvgSq'),
      // Without it an amsgrad run would silently restart its maximum from zero.
      maxExpAvgSq: h.amsgrad || saved.maxExpAvgSq !== undefined ? buffer('maxExpAvgSq') : null,
    };
  }
}

/**
 * Adam, exactly as torch.optim.Adam (torch 1.13). For each parameter p with gradient g, at its step t = 1, 2, ...:
 * ```
 * g = (maximize ? -g : g) + weightDecay * p
 * m = beta1*m + (1-beta1)*g ;  v = beta2*v + (1-beta2)*g*g
 * bc1 = 1 - beta1^t ;  bc2 = 1 - beta2^t
 * amsgrad: vmax = max(vmax, v), used in place of v
 * p = p - (lr/bc1) * m / (sqrt(v)/sqrt(bc2) + eps)
 * ```
 * @example
 * const opt = new Adam(model.parameters(), { lr: 1e-2 });
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 */
export class Adam extends AdamBase {
  constructor(params: OptimizerParams<AdamHyperparameters>, options: AdamOptions = {}) {
    super('Adam', params, options, 0, false);
  }
}

/**
 * Adam's update of float32 parameters, as torch computes it on float32 tensors: every operation in float32 (rounded after
 * each, `Math.fround`), its scalars rounded to float32, in torch's order (`exp_avg.mul_(beta1).add_(grad, alpha=1-beta1)`,
 * `exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1-beta2)`, `denom = sqrt(v) / bc2 + eps`,
 * `param.addcdiv_(exp_avg, denom, value=-step_size)`). The WebAssembly kernel (assembly/optimizers.ts) gives these bits.
 */
function adamUpdateFloat32(p: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, vMax: FloatArray | null, s: AdamStep): void {
  const f = Math.fround;
  const b1 = f(s.beta1), c1 = f(1 - s.beta1), b2 = f(s.beta2), c2 = f(1 - s.beta2);
  const negStep = f(-s.stepSize), bc2 = f(s.biasCorrection2Sqrt), eps = f(s.eps), shrink = f(s.shrink), l2 = f(s.l2);
  for (let i = 0; i < p.length; i++) {
    let pi = p[i];
    if (shrink !== 1) pi = f(pi * shrink);
    let grad = s.maximize ? -g[i] : g[i];
    if (l2 !== 0) grad = f(grad + f(l2 * pi));
    const mi = (m[i] = f(f(m[i] * b1) + f(grad * c1)));
    let vi = (v[i] = f(f(v[i] * b2) + f(f(c2 * grad) * grad)));
    // the maximum of the raw v, before bias correction
    if (vMax !== null) vi = vMax[i] = Math.max(vMax[i], vi);
    p[i] = f(pi + f(negStep * f(mi / f(f(f(Math.sqrt(vi)) / bc2) + eps))));
  }
}

/**
 * The float64 loop's update without weight decay, amsgrad or maximize: the same operations in the same order
 * (the same bits), without the branches, which cost most before the code is optimised.
 */
function plainAdamUpdate(
  p: FloatArray,
  g: FloatArray,
  m: FloatArray,
  v: FloatArray,
  beta1: number,
  beta2: number,
  stepSize: number,
  biasCorrection2Sqrt: number,
  eps: number,
): void {
  for (let i = 0; i < p.length; i++) {
    const grad = g[i];
    m[i] = beta1 * m[i] + (1 - beta1) * grad;
    v[i] = beta2 * v[i] + (1 - beta2) * grad * grad;
    p[i] += (-stepSize * m[i]) / (Math.sqrt(v[i]) / biasCorrection2Sqrt + eps);
  }
}
