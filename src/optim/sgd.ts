// Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay, as torch.optim.SGD updates.
import type { FloatArray } from '../tensor/dtype.js';
import { allocateLike } from '../tensor/runtime/wasm.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOption, Optimizer, type OptimizerParams, type SavedParamState } from './optimizer.js';
import { readArray } from './state-dict.js';
import { sgdUpdateInPlace } from './update-kernels.js';

/** Options of `SGD`: torch.optim.SGD's, camelCased, with its defaults. */
export interface SGDOptions {
  /** Learning rate (required, as in torch). */
  lr: number;
  /** Momentum factor; 0 (the default) turns momentum off. */
  momentum?: number;
  /** Damps the gradient's share of the momentum buffer: `buf = momentum*buf + (1-dampening)*d`. Default 0. */
  dampening?: number;
  /** Nesterov momentum: step along `d + momentum*buf` instead of `buf`. Needs momentum > 0 and dampening 0. */
  nesterov?: boolean;
  /** L2 penalty, added to the gradient: `d = g + weightDecay*p`. Default 0. */
  weightDecay?: number;
  /** Maximize the objective: the gradient is negated before anything else. Default false. */
  maximize?: boolean;
}

/** SGD's hyperparameters as a parameter group holds them. */
export type SGDHyperparameters = Required<SGDOptions>;

interface SGDParamState {
  momentumBuffer: FloatArray;
}

/**
 * Stochastic gradient descent, exactly as torch.optim.SGD (torch 1.13): for each parameter p with gradient g,
 * ```
 * d = (maximize ? -g : g) + weightDecay * p
 * if momentum != 0:
 *   buf = d on the first step, else momentum * buf + (1 - dampening) * d
 *   d = nesterov ? d + momentum * buf : buf
 * p = p - lr * d
 * ```
 * @example
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   opt.zeroGrad();
 *   softmaxCrossEntropy(model.forward(x), y).backward();
 *   opt.step();
 * }
 */
export class SGD extends Optimizer<SGDHyperparameters, SGDParamState> {
  constructor(params: OptimizerParams<SGDHyperparameters>, options: SGDOptions) {
    super('SGD', params, {
      lr: options.lr,
      momentum: options.momentum ?? 0,
      dampening: options.dampening ?? 0,
      nesterov: options.nesterov ?? false,
      weightDecay: options.weightDecay ?? 0,
      maximize: options.maximize ?? false,
    });
  }

  step(): void {
    for (let gi = 0; gi < this.paramGroups.length; gi++) {
      const group = this.paramGroups[gi];
      const { lr, momentum, dampening, nesterov, weightDecay, maximize } = group;
      for (let pi = 0; pi < group.params.length; pi++) {
        const param = group.params[pi];
        if (param.grad === null) continue;
        const p = param.data;
        const g = param.grad.data;
        let buffer: FloatArray | null = null;
        let firstStep = false;
        if (momentum !== 0) {
          let state = this.state.get(param);
          if (state === undefined) {
            state = { momentumBuffer: allocateLike(param.data, param.size) };
            this.state.set(param, state);
            firstStep = true;
          }
          buffer = state.momentumBuffer;
        }
        if (sgdUpdateInPlace(p, g, buffer, { lr, momentum, dampening, weightDecay, nesterov, maximize, firstStep })) continue;
        if (buffer === null && weightDecay === 0 && !maximize) {
          plainSgdUpdate(p, g, lr);
          continue;
        }
        for (let i = 0; i < p.length; i++) {
          let d = maximize ? -g[i] : g[i];
          if (weightDecay !== 0) d += weightDecay * p[i];
          if (buffer !== null) {
            buffer[i] = firstStep ? d : momentum * buffer[i] + (1 - dampening) * d;
            d = nesterov ? d + momentum * buffer[i] : buffer[i];
          }
          p[i] -= lr * d;
        }
      }
    }
  }

  protected validate(h: SGDHyperparameters, where: string): void {
    checkOption(h.lr >= 0, where, 'lr', '>= 0', h.lr);
    checkOption(h.momentum >= 0, where, 'momentum', '>= 0', h.momentum);
    checkOption(Number.isFinite(h.dampening), where, 'dampening', 'a finite number', h.dampening);
    checkOption(h.weightDecay >= 0, where, 'weightDecay', '>= 0', h.weightDecay);
    checkOption(typeof h.nesterov === 'boolean', where, 'nesterov', 'true or false', h.nesterov);
    checkOption(typeof h.maximize === 'boolean', where, 'maximize', 'true or false', h.maximize);
    const nesterovOk = !h.nesterov || (h.momentum > 0 && h.dampening === 0);
    const got = `nesterov with momentum ${h.momentum} and dampening ${h.dampening}`;
    checkOption(nesterovOk, where, 'nesterov', 'used with momentum > 0 and dampening 0', got);
  }

  protected saveParamState(state: SGDParamState): SavedParamState {
    return { momentumBuffer: Array.from(state.momentumBuffer) };
  }

  protected loadParamState(saved: Record<string, unknown>, param: Tensor, _h: SGDHyperparameters, where: string): SGDParamState {
    const momentumBuffer = allocateLike(param.data, param.size);
    momentumBuffer.set(readArray(`${where}.momentumBuffer`, saved.momentumBuffer, param.size));
    return { momentumBuffer };
  }
}

/** Plain SGD, `p -= lr * g`: `step`'s arithmetic without its per-element tests, in a function optimised sooner. */
function plainSgdUpdate(p: FloatArray, g: FloatArray, lr: number): void {
  for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
}
