// Elementwise functions; each backward uses the saved input or output, whichever is cheaper.
import type { FloatArray } from './dtype.js';
import { allFiniteValues } from './finite.js';
import { gradBuffer, opResult, type Tensor } from './tensor.js';
import { outputArray } from './step-buffers.js';

/** `e^x` elementwise. */
export function exp(a: Tensor): Tensor {
  const x = a.data;
  const y = outputArray(a.dtype, a.size);
  for (let i = 0; i < y.length; i++) y[i] = Math.exp(x[i]);
  return opResult(y, a.shape, [a], (g) => {
    const ga = gradBuffer(a);
    for (let i = 0; i < ga.length; i++) ga[i] += g[i] * y[i];
  });
}

/** Natural logarithm elementwise. For log-probabilities use `logSoftmax` or a loss node: they never take log(0). */
export function log(a: Tensor): Tensor {
  const x = a.data;
  const y = outputArray(a.dtype, a.size);
  for (let i = 0; i < y.length; i++) y[i] = Math.log(x[i]);
  return opResult(y, a.shape, [a], (g) => {
    const ga = gradBuffer(a);
    for (let i = 0; i < ga.length; i++) ga[i] += g[i] / x[i];
  });
}

/** `max(x, 0)` elementwise; the gradient at 0 is 0, as in PyTorch. */
export function relu(a: Tensor): Tensor {
  const x = a.data;
  const y = outputArray(a.dtype, a.size);
  reluForward(x, y, y.length);
  return opResult(y, a.shape, [a], (g) => reluBackward(x, g, gradBuffer(a), g.length));
}

/** @internal relu's forward over the first `size` values of arrays. */
export function reluForward(x: FloatArray, y: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) y[i] = x[i] > 0 ? x[i] : 0;
}

/** @internal relu's backward over the first `size` values: `ga += g` where the input `x` was positive. */
export function reluBackward(x: FloatArray, g: FloatArray, ga: FloatArray, size: number): void {
  // Multiplying by the 0/1 mask has no branch, and a branch on the sign of a ReLU input is mispredicted
  // half the time: about twice as fast. But a non-finite g times 0 is NaN where PyTorch passes 0, so a
  // gradient that is not all finite takes the branch.
  if (allFiniteValues(g, size)) for (let i = 0; i < size; i++) ga[i] += g[i] * +(x[i] > 0);
  else for (let i = 0; i < size; i++) if (x[i] > 0) ga[i] += g[i];
}

/** `x` where positive, `negativeSlope * x` elsewhere. */
export function leakyRelu(a: Tensor, negativeSlope = 0.01): Tensor {
  const x = a.data;
  const y = outputArray(a.dtype, a.size);
  leakyReluForward(x, y, y.length, negativeSlope);
  return opResult(y, a.shape, [a], (g) => leakyReluBackward(x, g, gradBuffer(a), g.length, negativeSlope));
}

/** @internal leakyRelu's forward over the first `size` values of arrays. */
export function leakyReluForward(x: FloatArray, y: FloatArray, size: number, negativeSlope: number): void {
  for (let i = 0; i < size; i++) y[i] = x[i] > 0 ? x[i] : negativeSlope * x[i];
}

/** @internal leakyRelu's backward over the first `size` values, from its input `x`. */
export function leakyReluBackward(x: FloatArray, g: FloatArray, ga: FloatArray, size: number, negativeSlope: number): void {
  for (let i = 0; i < size; i++) ga[i] += x[i] > 0 ? g[i] : negativeSlope * g[i];
}

/** The logistic function `1 / (1 + e^-x)`, computed without overflow for any x. */
export function sigmoid(a: Tensor): Tensor {
  const x = a.data;
  const y = outputArray(a.dtype, a.size);
  sigmoidForward(x, y, y.length);
  return opResult(y, a.shape, [a], (g) => sigmoidBackward(y, g, gradBuffer(a), g.length));
}

/** @internal sigmoid's forward over the first `size` values of arrays. */
export function sigmoidForward(x: FloatArray, y: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) y[i] = stableSigmoid(x[i]);
}

/** @internal sigmoid's backward over the first `size` values, from its output `y`. */
export function sigmoidBackward(y: FloatArray, g: FloatArray, ga: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) ga[i] += g[i] * y[i] * (1 - y[i]);
}

/** Hyperbolic tangent elementwise. */
export function tanh(a: Tensor): Tensor {
  const x = a.data;
  const y = outputArray(a.dtype, a.size);
  tanhForward(x, y, y.length);
  return opResult(y, a.shape, [a], (g) => tanhBackward(y, g, gradBuffer(a), g.length));
}

/** @internal tanh's forward over the first `size` values of arrays. */
export function tanhForward(x: FloatArray, y: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) y[i] = Math.tanh(x[i]);
}

/** @internal tanh's backward over the first `size` values, from its output `y`. */
export function tanhBackward(y: FloatArray, g: FloatArray, ga: FloatArray, size: number): void {
  for (let i = 0; i < size; i++) ga[i] += g[i] * (1 - y[i] * y[i]);
}

/** `1 / (1 + e^-x)`: for negative x it is evaluated as `e^x / (1 + e^x)`, so e^-x never overflows. */
export function stableSigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
