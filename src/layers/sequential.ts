// A chain of modules, each fed the previous one's output.
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * Applies its modules in order as children `0`, `1`, ...: parameter names are `0.weight`, `0.bias`, ... as in PyTorch.
 * @example
 * const model = new Sequential(new Linear(4, 16, { seed: 1 }), new ReLU(), new Linear(16, 3, { seed: 2 }));
 * const logits = model.forward(x);
 */
export class Sequential extends Module {
  readonly layers: readonly Module[];

  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => this.registerModule(String(i), m));
    this.layers = modules;
  }

  forward(x: Tensor): Tensor {
    for (let i = 0; i < this.layers.length; i++) x = this.layers[i].forward(x);
    return x;
  }
}
