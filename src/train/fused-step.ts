// fit's step for the usual model, a Sequential of softgrad's own Linear and activation layers under 'ce' or
// 'bce': the layers' and the loss's own kernels run straight over buffers kept from step to step, with no graph.
import { LeakyReLU, ReLU, Sigmoid, Tanh } from '../layers/activations.js';
import { keepsNoTensors } from '../layers/keeps-no-tensors.js';
import { Linear, linearBackward, linearBackwardOfRows, linearForward, linearForwardOfRows } from '../layers/linear.js';
import type { Module } from '../layers/module.js';
import { Sequential } from '../layers/sequential.js';
import { plainLossAndGradient } from '../losses/sigmoid-binary-cross-entropy.js';
import {
  allInRange,
  classIndexLossAndGradient,
  classIndexLossBackward,
  classIndexLossSum,
  classIndices,
  targetWeightSum,
} from '../losses/softmax-cross-entropy.js';
import { stableLogSumExp } from '../losses/softmax.js';
import { allocate, type DType, type FloatArray } from '../tensor/dtype.js';
import { isGradEnabled } from '../tensor/grad-mode.js';
import {
  leakyReluBackward,
  leakyReluForward,
  reluBackward,
  reluForward,
  sigmoidBackward,
  sigmoidForward,
  tanhBackward,
  tanhForward,
} from '../tensor/unary.js';
import { gradBuffer, type Tensor } from '../tensor/tensor.js';
import { gatherRows, NO_LABELS } from '../data/batches.js';
import { isTinyProduct, runsOnGemmThin } from '../tensor/kernels/gemm.js';
import { threadsFor } from '../tensor/kernels/parallel-gemm.js';
import { wasmStaging } from '../tensor/kernels/wasm-gemm.js';
import { countCorrect, type LossFunction, type LossName } from './objective.js';

/** What outputs[0] holds while the batch's rows are read in place (see forwardRows): nothing reads it. */
const NO_ROWS = { float32: new Float32Array(0), float64: new Float64Array(0) };

/** One layer of the plan: a Linear, or an activation applied elementwise. */
type Layer =
  | { kind: 'linear'; module: Linear; inF: number; outF: number }
  | { kind: 'relu' | 'sigmoid' | 'tanh'; width: number }
  | { kind: 'leakyRelu'; width: number; module: LeakyReLU };

/**
 * @internal A training step of `fit` without a graph: the forward, the loss and the backward of a Sequential
 * of Linear, ReLU, LeakyReLU, Sigmoid and Tanh layers under `'ce'` or `'bce'`, computed by the same kernels
 * the graph's nodes run (`linearForward`, `reluBackward`, ...), in the same order, on the same values, and
 * the loss, its gradient and the count of right predictions in one pass that gives the same bits as the
 * loss node's forward and backward (`classIndexLossAndGradient`, `plainLossAndGradient`): the gradients it
 * leaves in the parameters' `.grad` are bit-identical to `backward()`'s (test/train-fused-step.test.ts trains
 * both ways and compares every weight). A shuffled batch's rows are gathered here, or read in place (`forwardRows`).
 *
 * Why: a graph step makes a tensor, a closure and a parents array per op, sorts the graph and walks it,
 * and most of that code runs unoptimised for the whole of a short run, since V8 optimises a function only
 * after thousands of calls. Here a step is a few loops over buffers that live as long as the fit.
 *
 * `FusedStep.plan` returns null for anything else (a module of a user's own, Dropout, a loss function, BCE
 * with class weights), and `accepts` sends a step back to the graph when the batch or the parameters are not
 * what the plan expects (a parameter frozen meanwhile, another dtype): the graph then does what it always
 * did, errors included.
 */
export class FusedStep {
  /** Each layer's output (layer 0's input is the batch), then the loss's saved values, all for `capacity` rows. */
  private readonly outputs: FloatArray[] = [];
  /** The gradient of each layer's output. */
  private readonly gradients: FloatArray[] = [];
  private shift = new Float64Array(0);
  private logSum = new Float64Array(0);
  private saved = new Float64Array(0);
  /** The loss as the graph's scalar holds it: rounded to the dtype. */
  private readonly lossValue: FloatArray;
  /** The gradient `backward()` starts from: 1, in the loss's dtype. */
  private readonly seed: FloatArray;
  private capacity = 0;
  private rows = 0;
  /** The last batch's class indices as cross-entropy reads them (-1: ignored). */
  private classes: Int32Array = new Int32Array(0);
  /** CE's mean divides by this (see targetWeightSum). */
  private counted = 0;
  /** Rows of the last batch whose logits predict their label (as fit's countCorrect counts them). */
  correct = 0;
  /** Whether the last forward also wrote the logits' gradient (the one-pass losses), for backward to use. */
  private gradientDone = false;
  private readonly counts = new Float64Array(2);
  /** Whether the last batch's rows were gathered into wasm memory (see wasmStaging), which outputs[0] then views. */
  private staged = false;
  /** The first layer: a Linear (see plan). */
  private readonly first: { inF: number; outF: number };
  /** The rows gathered by the last `forwardRows` when not staged. */
  private batch: FloatArray;
  /**
   * The dataset and the row numbers of the last batch when its rows are read in place, not gathered (see
   * forwardRows); null otherwise.
   */
  private rowSource: FloatArray | null = null;
  private rowNumbers: Int32Array = new Int32Array(0);

  private constructor(
    private readonly layers: readonly Layer[],
    private readonly params: readonly Tensor[],
    private readonly dtype: DType,
    private readonly loss: LossName,
    private readonly classWeight: Float64Array | null,
  ) {
    this.first = layers[0] as { inF: number; outF: number };
    this.batch = allocate(dtype, 0);
    this.lossValue = allocate(dtype, 1);
    this.seed = allocate(dtype, 1);
    this.seed[0] = 1;
  }

  /** The step for `model` under `loss`, or null when the graph must do it. */
  static plan(model: Module, loss: LossName | LossFunction, classWeight: readonly number[] | undefined): FusedStep | null {
    if (typeof loss !== 'string' || !keepsNoTensors(model)) return null;
    if (loss === 'bce' && classWeight !== undefined) return null;
    const layers: Layer[] = [];
    if (!flatten(model, layers)) return null;
    const first = layers[0];
    if (first === undefined || first.kind !== 'linear') return null;
    // The parameters of the layers the step runs: a Sequential's `layers`, which the graph's forward runs too,
    // even where a user has changed them without registering the new module (so parameters() misses it).
    const params: Tensor[] = [];
    for (const layer of layers) {
      if (layer.kind !== 'linear') continue;
      const { weight, bias } = layer.module;
      for (const p of bias === null ? [weight] : [weight, bias]) if (!params.includes(p)) params.push(p);
    }
    const dtype = params[0].dtype;
    if (params.some((p) => p.dtype !== dtype)) return null;
    // Widths must chain (else the graph's forward throws its ShapeError), and BCE takes one logit per row.
    let width = first.inF;
    for (const layer of layers) {
      if (layer.kind === 'linear') {
        if (layer.inF !== width) return null;
        width = layer.outF;
      } else {
        layer.width = width;
      }
    }
    if (loss === 'bce' && width !== 1) return null;
    if (classWeight !== undefined && classWeight.length !== width) return null;
    return new FusedStep(layers, params, dtype, loss, classWeight === undefined ? null : Float64Array.from(classWeight));
  }

  /**
   * Whether this step can take batch `x` with labels `y` as the graph would: `[rows, in]` of the parameters'
   * dtype, a label per row, every parameter requiring grad, grad mode on. Cheap enough to ask every step,
   * since callbacks may change them.
   */
  accepts(x: Tensor, y: Int32Array): boolean {
    if (x.rank !== 2 || x.dtype !== this.dtype || x.shape[1] !== this.first.inF || y.length !== x.shape[0] || !isGradEnabled()) return false;
    for (let i = 0; i < this.params.length; i++) if (!this.params[i].requiresGrad) return false;
    return true;
  }

  /** The forward and the loss of batch `x` with labels `y` (as `batchLoss` checks them); returns the loss. */
  forward(x: Tensor, y: Int32Array): number {
    const rows = x.shape[0];
    if (rows > this.capacity) this.grow(rows);
    this.rows = rows;
    this.staged = false;
    this.rowSource = null;
    this.outputs[0] = x.data;
    return this.run(y);
  }

  /**
   * `forward` of the batch made of rows `indices` of `source` (rows of the first layer's width; of this step's
   * dtype, as `accepts` checks of a batch): the rows are gathered here, straight into wasm memory when the
   * float32 kernels run there, so that the products read them in place, or, for a one-output first layer whose
   * products run on gemmThin, read where they are through `indices`; the same values as `forward` on the
   * gathered batch either way, so the same bits.
   */
  forwardRows(source: FloatArray, indices: Int32Array, y: Int32Array): number {
    const rows = indices.length;
    if (rows > this.capacity) this.grow(rows);
    this.rows = rows;
    const { inF: d, outF } = this.first;
    const float32 = this.dtype === 'float32';
    // Staged only where the first layer's products run on wasm on this thread: a tiny product (W1's) runs on
    // gemmTiny in both backends, and asking for the staging array costs more than the copy it saves; the
    // threaded GEMM copies its operands into memory of its own, so staging would save nothing there.
    const staging =
      float32 && !isTinyProduct(rows, outF, d) && threadsFor(rows, outF, d) < 2 && threadsFor(outF, d, rows) < 2
        ? wasmStaging(rows * d)
        : null;
    this.staged = staging !== null;
    // A first layer with one output whose two products run on gemmThin reads the batch's rows where they are,
    // through `indices`, instead of gathering them: its forward then meets the cache misses of rows scattered
    // over the dataset in the middle of its arithmetic, where a gather, all copying, waits on each (W4 on the
    // TypeScript kernels: 56.1 -> 51.4 ms). gemm-rows.ts gives gemmThin's bits. With one input, gemmThin
    // computes the weight gradient the other way round, so that layer gathers.
    if (staging === null && outF === 1 && d > 1 && runsOnGemmThin(false, true, rows, 1, d, float32) && runsOnGemmThin(true, false, 1, d, rows, float32)) {
      this.rowSource = source;
      this.rowNumbers = indices;
      this.outputs[0] = NO_ROWS[this.dtype];
      return this.run(y);
    }
    this.rowSource = null;
    if (staging === null && this.batch.length < rows * d) this.batch = allocate(this.dtype, this.capacity * d);
    const x = staging ?? this.batch.subarray(0, rows * d);
    gatherRows(source, d, y, indices, x, NO_LABELS);
    this.outputs[0] = x;
    return this.run(y);
  }

  /** The forward from outputs[0], then the loss; returns the loss. */
  private run(y: Int32Array): number {
    const { layers, outputs, rows } = this;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l];
      const input = outputs[l];
      const output = outputs[l + 1];
      switch (layer.kind) {
        case 'linear': {
          const { weight, bias } = layer.module;
          if (l === 0 && this.rowSource !== null) linearForwardOfRows(this.rowSource, this.rowNumbers, weight.data, bias === null ? null : bias.data, output, layer.inF);
          else linearForward(input, weight.data, bias === null ? null : bias.data, output, rows, layer.inF, layer.outF);
          break;
        }
        case 'relu':
          reluForward(input, output, rows * layer.width);
          break;
        case 'leakyRelu':
          leakyReluForward(input, output, rows * layer.width, layer.module.negativeSlope);
          break;
        case 'sigmoid':
          sigmoidForward(input, output, rows * layer.width);
          break;
        case 'tanh':
          tanhForward(input, output, rows * layer.width);
          break;
      }
    }
    const logits = outputs[layers.length];
    const out = this.lossValue;
    if (this.loss === 'bce') {
      // As sigmoidBinaryCrossEntropy(logits, y): targets checked, then its plain (unweighted, mean) path, whose
      // backward (from backward()'s seed of 1) is computed in the same pass, into the logits' gradient.
      out[0] = plainLossAndGradient(logits, y, this.seed[0] / rows, this.gradients[layers.length], rows, this.counts) / rows;
      this.correct = this.counts[0];
      this.gradientDone = true;
      return out[0];
    }
    const c = this.width;
    if (this.classWeight === null) {
      // The usual batch (no weights, every label a class): loss, gradient and count in one pass.
      const total = classIndexLossAndGradient(logits, y, this.saved, this.gradients[layers.length], rows, c, this.counts);
      if (this.counts[1] === 0) {
        this.correct = this.counts[0];
        this.gradientDone = true;
        out[0] = total / rows;
        return out[0];
      }
    }
    this.gradientDone = false;
    // As softmaxCrossEntropy(logits, y, { weight }): indices checked (the usual batch is used as it is).
    this.classes = allInRange(y, c) ? y : classIndices('softmaxCrossEntropy', y, rows, c, -100);
    stableLogSumExp(logits, rows, c, 1, this.shift, this.logSum, this.saved);
    const total = classIndexLossSum(logits, this.classes, this.classWeight, 0, this.shift, this.logSum, rows, c, null);
    this.counted = targetWeightSum(this.classes, this.classWeight, rows);
    this.correct = countCorrect('ce', logits, rows, c, y);
    out[0] = total / this.counted;
    return out[0];
  }

  /** The backward of the last `forward`: adds the gradients into the parameters' `.grad`, as `backward()` would. */
  backward(): void {
    const { layers, outputs, gradients, rows } = this;
    const top = gradients[layers.length];
    const width = this.width;
    // Unless the forward wrote it (see plainLossAndGradient, classIndexLossAndGradient).
    if (!this.gradientDone) {
      top.fill(0, 0, rows * width);
      classIndexLossBackward(this.seed, 'mean', this.counted, this.classes, this.classWeight, 0, this.logSum, this.saved, top, rows, width);
    }
    for (let l = layers.length - 1; l >= 0; l--) {
      const layer = layers[l];
      const g = gradients[l + 1];
      // The input's gradient: every layer's but the first's, whose input is the batch (the plan starts with a Linear).
      const below = l > 0 ? gradients[l] : null;
      const size = rows * (layer.kind === 'linear' ? layer.inF : layer.width);
      if (below !== null) below.fill(0, 0, size);
      switch (layer.kind) {
        case 'linear': {
          const { weight, bias } = layer.module;
          const db = bias === null ? null : gradBuffer(bias);
          // Any product since the gather may have grown wasm memory, which detaches a staged view (keeping its
          // values): the first layer's weight gradient reads the batch through a view asked for just before.
          if (l === 0 && this.staged) outputs[0] = wasmStaging(rows * layer.inF)!;
          if (l === 0 && this.rowSource !== null) linearBackwardOfRows(g, this.rowSource, this.rowNumbers, gradBuffer(weight), db, layer.inF);
          else linearBackward(g, outputs[l], weight.data, below, gradBuffer(weight), db, rows, layer.inF, layer.outF);
          break;
        }
        case 'relu':
          if (below !== null) reluBackward(outputs[l], g, below, size);
          break;
        case 'leakyRelu':
          if (below !== null) leakyReluBackward(outputs[l], g, below, size, layer.module.negativeSlope);
          break;
        case 'sigmoid':
          if (below !== null) sigmoidBackward(outputs[l + 1], g, below, size);
          break;
        case 'tanh':
          if (below !== null) tanhBackward(outputs[l + 1], g, below, size);
          break;
      }
    }
  }

  /** Outputs per row: the logits' width. */
  get width(): number {
    const last = this.layers[this.layers.length - 1];
    return last.kind === 'linear' ? last.outF : last.width;
  }

  /** Buffers for `rows` rows. */
  private grow(rows: number): void {
    this.capacity = rows;
    const { layers, dtype } = this;
    this.outputs.length = 0;
    this.gradients.length = 0;
    this.outputs.push(allocate(dtype, 0));
    this.gradients.push(allocate(dtype, 0));
    for (const layer of layers) {
      const width = layer.kind === 'linear' ? layer.outF : layer.width;
      this.outputs.push(allocate(dtype, rows * width));
      this.gradients.push(allocate(dtype, rows * width));
    }
    const width = this.width;
    this.shift = new Float64Array(rows);
    this.logSum = new Float64Array(rows);
    this.saved = new Float64Array(rows * width);
  }
}

/** Appends `module`'s layers (a Sequential's, flattened) to `layers`; false for a module the plan cannot take. */
function flatten(module: Module, layers: Layer[]): boolean {
  if (module instanceof Sequential) return module.layers.every((m) => flatten(m, layers));
  if (module instanceof Linear) layers.push({ kind: 'linear', module, inF: module.inFeatures, outF: module.outFeatures });
  else if (module instanceof ReLU) layers.push({ kind: 'relu', width: 0 });
  else if (module instanceof Sigmoid) layers.push({ kind: 'sigmoid', width: 0 });
  else if (module instanceof Tanh) layers.push({ kind: 'tanh', width: 0 });
  else if (module instanceof LeakyReLU) layers.push({ kind: 'leakyRelu', width: 0, module });
  else return false;
  return true;
}
