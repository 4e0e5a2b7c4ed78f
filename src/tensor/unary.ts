// Elementwise functions; each backward uses the saved input or output, whichever is cheaper.
import type { FloatArray } from './dtype.js';
import { reluBackwardWasm, reluForwardWasm } from './kernels/elementwise-wasm.js';
import { allocateOutput } from './runtime/wasm.js';
import { allFiniteValues } from './finite.js';
import { gradBuffer, opResult, type Tensor } from './tensor.js';
import { portableExp, portableLog } from './portable-math.js';

/** `e^x` elementwise. */
export function exp(a: Tensor): Tensor {
  return elementwise(a, 'exp', (x, y) => {
    for (let i = 0; i < y.length; i++) y[i] = portableExp(x[i]);
  }, (g, ga, x, y) => {
    for (let i = 0; i < ga.length; i++) ga[i] += g[i] * y[i];
  });
}

/** Natural logarithm elementwise. For log-probabilities use `logSoftmax` or a loss node: they never take log(0). */
export function log(a: Tensor): Tensor {
  return elementwise(a, 'log', (x, y) => {
    for (let i = 0; i < y.length; i++) y[i] = portableLog(x[i]);
  }, (g, ga, x) => {
    for (let i = 0; i < ga.length; i++) ga[i] += g[i] / x[i];
  });
}

/** `max(x, 0)` elementwise; the gradient at 0 is 0, as in PyTorch. */
export function relu(a: Tensor): Tensor {
  return elementwise(a, 'relu', (x, y) => {
    if (!reluForwardWasm(x, y)) reluForwardTs(x, y);
  }, (g, ga, x) => {
    if (!reluBackwardWasm(g, ga, x)) reluBackwardTs(g, ga, x);
  });
}

/** @internal ReLU's forward as a TypeScript loop, for float64 and short arrays: the WebAssembly kernel's bits. */
export function reluForwardTs(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < y.length; i++) y[i] = x[i] > 0 ? x[i] : 0;
}

/** @internal ReLU's backward into `ga` as a TypeScript loop: the WebAssembly kernel's bits. */
export function reluBackwardTs(g: FloatArray, ga: FloatArray, x: FloatArray): void {
  // Multiplying by the 0/1 mask has no branch, where a branch on the sign of a ReLU input is mispredicted
  // half the time. But a non-finite g times 0 is NaN where PyTorch passes 0, so then the branch is taken.
  if (allFiniteValues(g)) for (let i = 0; i < g.length; i++) ga[i] += g[i] * +(x[i] > 0);
  else for (let i = 0; i < g.length; i++) if (x[i] > 0) ga[i] += g[i];
}

/** `x` where positive, `negativeSlope * x` elsewhere. */
export function leakyRelu(a: Tensor, negativeSlope = 0.01): Tensor {
  return elementwise(a, 'leakyRelu', (x, y) => {
    for (let i = 0; i < y.length; i++) y[i] = x[i] > 0 ? x[i] : negativeSlope * x[i];
  }, (g, ga, x) => {
    for (let i = 0; i < g.length; i++) ga[i] += x[i] > 0 ? g[i] : negativeSlope * g[i];
  }, [negativeSlope]);
}

/** The logistic function `1 / (1 + e^-x)`, computed without overflow for any x. */
export function sigmoid(a: Tensor): Tensor {
  return elementwise(a, 'sigmoid', (x, y) => {
    for (let i = 0; i < y.length; i++) y[i] = stableSigmoid(x[i]);
  }, (g, ga, x, y) => {
    for (let i = 0; i < g.length; i++) ga[i] += g[i] * y[i] * (1 - y[i]);
  });
}

/** Hyperbolic tangent elementwise. */
export function tanh(a: Tensor): Tensor {
  return elementwise(a, 'tanh', (x, y) => {
    for (let i = 0; i < y.length; i++) y[i] = Math.tanh(x[i]);
  }, (g, ga, x, y) => {
    for (let i = 0; i < g.length; i++) ga[i] += g[i] * (1 - y[i] * y[i]);
  });
}

/** `1 / (1 + e^-x)`: for negative x it is evaluated as `e^x / (1 + e^x)`, so e^-x never overflows. */
export function stableSigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + portableExp(-x));
  const e = portableExp(x);
  return e / (1 + e);
}

/**
 * @internal The op giving `y` of `a`'s shape from `x = a.data` by `forward(x, y)`, whose `backward(g, ga, x, y)` adds
 * into a's gradient `ga` from the upstream `g`; `args` are the numbers besides `a` that it depends on.
 */
export function elementwise(
  a: Tensor,
  name: string,
  forward: (x: FloatArray, y: FloatArray) => void,
  backward: (g: FloatArray, ga: FloatArray, x: FloatArray, y: FloatArray) => void,
  args?: readonly number[],
): Tensor {
  const x = a.data;
  const y = allocateOutput(a.dtype, a.size);
  return opResult(y, a.shape, [a], { name, args, forward: () => forward(x, y), backward: (g) => backward(g, gradBuffer(a), x, y) });
}
