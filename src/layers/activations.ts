// Elementwise activation functions as modules, for Sequential; each forwards to the core op of the same name.
import type { Tensor } from '../tensor/tensor.js';
import { leakyRelu, relu, sigmoid, tanh } from '../tensor/unary.js';
import { Module } from './module.js';

/** `max(x, 0)` as a module. */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/** `1 / (1 + e^-x)` as a module. */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

/** `tanh(x)` as a module. */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

/** `x` where positive, `negativeSlope * x` elsewhere, as a module. */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }

  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
}
