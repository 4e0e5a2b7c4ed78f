// The fully connected layer: Y = X W^T + b as one graph node, with PyTorch's layout and initialisation.
import { ShapeError, ValueError } from '../errors.js';
import { allocate, promote, type DType, type FloatArray } from '../tensor/dtype.js';
import { gemm } from '../tensor/kernels/gemm.js';
import { dotRowsOf, weightGradientOf } from '../tensor/kernels/gemm-rows.js';
import { makeRng, type SeedOrRng } from '../tensor/random.js';
import { formatShape } from '../tensor/shape.js';
import { gradBuffer, opResult, Tensor } from '../tensor/tensor.js';
import { fillUniform, kaimingUniform, type Initializer } from './init.js';
import { Module } from './module.js';
import { outputArray } from '../tensor/step-buffers.js';

/**
 * `x W^T + b` for `x` `[..., in]`, `weight` `[out, in]` (PyTorch's layout) and `bias` `[out]`, as one
 * graph node: the forward is one GEMM that accumulates onto rows pre-filled with the bias, and the
 * backward is `dX = G W` (only when x requires grad), `dW += G^T X` and `db += column sums of G`.
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
  const y = outputArray(promote(x.dtype, weight.dtype), rows * outF);
  linearForward(x.data, weight.data, bias ? bias.data : null, y, rows, inF, outF);
  const parents = bias ? [x, weight, bias] : [x, weight];
  const shape = x.rank === 2 ? [rows, outF] : [...x.shape.slice(0, -1), outF];
  return opResult(y, shape, parents, (g) => {
    linearBackward(
      g,
      x.data,
      weight.data,
      x.requiresGrad ? gradBuffer(x) : null,
      weight.requiresGrad ? gradBuffer(weight) : null,
      bias?.requiresGrad ? gradBuffer(bias) : null,
      rows,
      inF,
      outF,
    );
  });
}

/**
 * @internal The forward of `linear` over arrays: `y = x W^T + b` for `rows` rows (`y` may be longer; only
 * its first `rows * outF` values are written). One GEMM that accumulates onto rows pre-filled with the bias.
 */
export function linearForward(
  x: FloatArray,
  weight: FloatArray,
  bias: FloatArray | null,
  y: FloatArray,
  rows: number,
  inF: number,
  outF: number,
): void {
  if (bias) fillWithBias(y, bias, rows, outF);
  gemm(false, true, rows, outF, inF, x, weight, y, bias !== null); // Y (+)= X W^T
}

/**
 * Each of the `rows` rows of `y` set to `bias`, by typed-array built-ins: `fill` for one output, else the first
 * row then copies of what is filled, doubling (log2(rows) calls). Built-ins run at full speed from the first
 * step, where an element loop runs in V8's baseline code until it is optimised, a few dozen steps into a short
 * run (W4: 46.0 -> 45.1 ms, median of 21 fresh processes each); the values copied are the same either way.
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

/**
 * @internal The backward of `linear` over arrays, from `g`, the gradient of its `rows x outF` output: adds
 * `G W` into `dx`, `G^T X` into `dw` and the column sums of G into `db`, each only when given.
 */
export function linearBackward(
  g: FloatArray,
  x: FloatArray,
  weight: FloatArray,
  dx: FloatArray | null,
  dw: FloatArray | null,
  db: FloatArray | null,
  rows: number,
  inF: number,
  outF: number,
): void {
  if (dx) gemm(false, false, rows, inF, outF, g, weight, dx, true); // dX += G W
  if (dw) gemm(true, false, outF, inF, rows, g, x, dw, true); // dW += G^T X
  if (db) addColumnSums(g, db, rows, outF);
}

/**
 * @internal linearForward for a layer with one output whose input batch is rows `rows` of `source` (rows of
 * `inF` values), read in place rather than gathered: the same bits where linearForward's product runs on
 * gemmThin (see runsOnGemmThin), which is where fit's fused step uses it.
 */
export function linearForwardOfRows(source: FloatArray, rows: Int32Array, weight: FloatArray, bias: FloatArray | null, y: FloatArray, inF: number): void {
  if (bias) fillWithBias(y, bias, rows.length, 1);
  dotRowsOf(source, rows, inF, weight, y, bias !== null);
}

/**
 * @internal linearBackward for linearForwardOfRows' layer, with no input gradient (the batch's): the weight
 * gradient read from the rows in place, then the bias gradient, as linearBackward adds them.
 */
export function linearBackwardOfRows(g: FloatArray, source: FloatArray, rows: Int32Array, dw: FloatArray | null, db: FloatArray | null, inF: number): void {
  if (dw) weightGradientOf(source, rows, inF, g, dw, true);
  if (db) addColumnSums(g, db, rows.length, 1);
}

/** Adds the column sums of `g` (`rows x outF`) into `db`. */
function addColumnSums(g: FloatArray, db: FloatArray, rows: number, outF: number): void {
  // Each column summed in float64, so a float32 bias gradient is rounded once; a local sum rather
  // than a row of sums allocates nothing per backward.
  for (let j = 0; j < outF; j++) {
    let sum = 0;
    for (let k = j; k < rows * outF; k += outF) sum += g[k];
    db[j] += sum;
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
 * A fully connected layer `y = x W^T + b`, with `weight` `[outFeatures, inFeatures]` and `bias`
 * `[outFeatures]` (PyTorch's layout, so its state dicts map one to one). The weight is drawn first,
 * row by row, then the bias, from the same RNG.
 * @example
 * const layer = new Linear(4, 3, { seed: 42 });
 * const logits = layer.forward(x); // x [N, 4] -> [N, 3]
 */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    checkFeatures('inFeatures', inFeatures);
    checkFeatures('outFeatures', outFeatures);
    const { bias = true, init, seed = 0, dtype = 'float32' } = options;
    const rng = makeRng(seed);
    this.weight = this.registerParameter('weight', new Tensor(allocate(dtype, outFeatures * inFeatures), [outFeatures, inFeatures]));
    if (init) init(this.weight, rng);
    else kaimingUniform(this.weight, rng, { a: Math.sqrt(5) });
    this.bias = null;
    if (bias) {
      this.bias = this.registerParameter('bias', new Tensor(allocate(dtype, outFeatures), [outFeatures]));
      fillUniform(this.bias, 1 / Math.sqrt(inFeatures), rng);
    }
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}

function checkFeatures(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`Linear: ${name} must be a positive integer, got ${n}`);
}
