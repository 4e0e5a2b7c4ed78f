// The fully connected layer: Y = X W^T + b as one graph node, with PyTorch's layout and initialisation.
import { ShapeError, ValueError } from '../errors.js';
import { promote, type DType, type FloatArray } from '../tensor/dtype.js';
import { addColumnSums } from '../tensor/kernels/column-sums.js';
import { gemm } from '../tensor/kernels/gemm.js';
import { makeRng, type SeedOrRng } from '../tensor/random.js';
import { allocateOutput, allocateResident } from '../tensor/runtime/wasm.js';
import { formatShape } from '../tensor/shape.js';
import { gradBuffer, opResult, Tensor } from '../tensor/tensor.js';
import { fillUniform, kaimingUniform, type Initializer } from './init.js';
import { Module } from './module.js';

/**
 * `x W^T + b` for `x` `[..., in]`, `weight` `[out, in]` (PyTorch's layout) and `bias` `[out]`, as one graph node: the
 * forward is one GEMM that accumulates onto rows pre-filled with the bias; the backward, two GEMMs and a column sum.
 * @example
 * const logits = linear(x, w, b); // x [N, 4], w [3, 4], b [3] -> [N, 3]
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (weight.rank !== 2) throw new ShapeError(`linear: weight must be [out, in], got shape ${formatShape(weight.shape)}`);
  const [outF, inF] = weight.shape;
  if (x.rank < 1 || x.shape[x.rank - 1] !== inF) {
    throw new ShapeError(`linear: input shape ${formatShape(x.shape)} does not end in ${inF}, the in-features of weight ${formatShape(weight.shape)}`);
  }
  if (bias && (bias.rank !== 1 || bias.shape[0] !== outF)) {
    throw new ShapeError(`linear: bias shape ${formatShape(bias.shape)} does not match weight ${formatShape(weight.shape)}: expected [${outF}]`);
  }
  let rows = 1;
  for (let i = 0; i < x.rank - 1; i++) rows *= x.shape[i];
  const y = allocateOutput(promote(x.dtype, weight.dtype), rows * outF);
  const shape = x.rank === 2 ? [rows, outF] : [...x.shape.slice(0, -1), outF];
  const b = bias ?? null;
  return opResult(y, shape, b ? [x, weight, b] : [x, weight], {
    name: 'linear',
    forward: () => {
      if (b) fillWithBias(y, b.data, rows, outF);
      gemm(false, true, rows, outF, inF, x.data, weight.data, y, b !== null); // Y (+)= X W^T
    },
    backward: (g) => {
      if (x.requiresGrad) gemm(false, false, rows, inF, outF, g, weight.data, gradBuffer(x), true); // dX += G W
      if (weight.requiresGrad) gemm(true, false, outF, inF, rows, g, x.data, gradBuffer(weight), true); // dW += G^T X
      if (b?.requiresGrad) addColumnSums(g, gradBuffer(b), rows, outF);
    },
  });
}

/**
 * Each of the `rows` rows of `y` set to `bias`, by typed-array built-ins (`fill` for one output, else the first
 * row then doubling copies), which run at full speed before the code that calls them is optimised.
 */
function fillWithBias(y: FloatArray, bias: FloatArray, rows: number, outF: number): void {
  if (rows === 0) return;
  if (outF === 1) {
    y.fill(bias[0], 0, rows);
    return;
  }
  y.set(bias.length === outF ? bias : bias.subarray(0, outF), 0);
  for (let filled = 1; filled < rows; ) {
    const copied = Math.min(filled, rows - filled);
    y.copyWithin(filled * outF, 0, copied * outF);
    filled += copied;
  }
}

/** Options of `Linear`. */
export interface LinearOptions {
  /** Learn an additive bias. Default true. */
  bias?: boolean;
  /**
   * Fills the weight from the layer's RNG; default PyTorch's, `kaimingUniform` with `a = sqrt(5)`,
   * i.e. U(-1/sqrt(in), 1/sqrt(in)). The bias is always drawn from U(-1/sqrt(in), 1/sqrt(in)), as in PyTorch.
   */
  init?: Initializer;
  /**
   * Seed (number or string) or RNG for the initial values; default 0, so a layer built without a seed
   * is the same on every run, and two such layers of the same shape start equal. Pass one shared RNG
   * (`makeRng(42)`) to several layers to give each its own draws, reproducibly.
   */
  seed?: SeedOrRng;
  /** Element type of the parameters. Default `float32`. */
  dtype?: DType;
}

/**
 * A fully connected layer `y = x W^T + b`, with `weight` `[outFeatures, inFeatures]` and `bias` `[outFeatures]`
 * (PyTorch's layout: state dicts map one to one). The weight is drawn first, row by row, then the bias, from one RNG.
 * @example
 * const layer = new Linear(4, 3, { seed: 42 });
 * const logits = layer.forward(x); // x [N, 4] -> [N, 3]
 */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, options: LinearOptions = {}) {
    super();
    checkFeatures('inFeatures', inFeatures);
    checkFeatures('outFeatures', outFeatures);
    const { bias = true, init, seed = 0, dtype = 'float32' } = options;
    const rng = makeRng(seed);
    this.weight = this.registerParameter('weight', new Tensor(allocateResident(dtype, outFeatures * inFeatures), [outFeatures, inFeatures]));
    if (init) init(this.weight, rng);
    else kaimingUniform(this.weight, rng, { a: Math.sqrt(5) });
    this.bias = bias ? this.registerParameter('bias', new Tensor(allocateResident(dtype, outFeatures), [outFeatures])) : null;
    if (this.bias) fillUniform(this.bias, 1 / Math.sqrt(inFeatures), rng);
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}

function checkFeatures(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`Linear: ${name} must be a positive integer, got ${n}`);
}
