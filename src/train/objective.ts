// What a classifier's outputs mean: the loss to train them with, and the probabilities and classes they give.
import { ValueError } from '../errors.js';
import { sigmoidBinaryCrossEntropy } from '../losses/sigmoid-binary-cross-entropy.js';
import { softmaxCrossEntropy } from '../losses/softmax-cross-entropy.js';
import { allocate, type FloatArray } from '../tensor/dtype.js';
import { opResult, type Tensor } from '../tensor/tensor.js';
import { stableSigmoid } from '../tensor/unary.js';
import { portableExp } from '../tensor/portable-math.js';

/**
 * `'ce'`: softmax cross-entropy over C outputs (any number of classes). `'bce'`: one output, the logit
 * of class 1, with sigmoid binary cross-entropy (logistic regression; two classes only).
 */
export type LossName = 'ce' | 'bce';

/** A custom loss: logits of a batch and its class indices to a scalar tensor. */
export type LossFunction = (logits: Tensor, y: Int32Array) => Tensor;

/** How many outputs a model needs for `classes` classes under `loss`. */
export function outputsFor(loss: LossName, classes: number): number {
  if (loss === 'bce') {
    if (classes !== 2) throw new ValueError(`loss 'bce' is for two classes; this data has ${classes} (use 'ce')`);
    return 1;
  }
  return classes;
}

/**
 * A batch's mean loss; `classWeight` weights each row by its class, as in PyTorch (CE divides by the weights' sum).
 * `rowWeight` (the batch's sample weights, scikit-learn's `sample_weight`) multiplies each row's loss too: the loss is
 * then the weighted mean, sum(w l) / sum(w), with w the product of the two weights.
 */
export function batchLoss(loss: LossName | LossFunction, logits: Tensor, y: Int32Array, classWeight?: readonly number[], rowWeight?: Float64Array): Tensor {
  if (typeof loss === 'function') return loss(logits, y);
  if (rowWeight !== undefined) {
    if (loss === 'bce') return sigmoidBinaryCrossEntropy(logits, y, { weight: rowWeights(y, classWeight, rowWeight, new Float64Array(y.length), logits.shape) });
    const perRow = softmaxCrossEntropy(logits, y, { reduction: 'none' });
    return perRow.mul(rowWeights(y, classWeight, rowWeight, allocate(perRow.dtype, y.length), [y.length])).mean();
  }
  if (loss === 'ce') return softmaxCrossEntropy(logits, y, classWeight ? { weight: classWeight } : {});
  // The class indices 0 and 1 are the targets themselves: no array of them to build per batch.
  return sigmoidBinaryCrossEntropy(logits, y, classWeight ? { weight: rowWeights(y, classWeight, undefined, new Float64Array(y.length), logits.shape) } : {});
}

/**
 * Each row's weight (class weight times sample weight), scaled to average 1 over the batch, so that a plain mean of
 * the weighted losses is their weighted mean, as CE's class weights make it; a batch whose weights are all zero
 * weighs nothing. BCE takes them as float64 in the logits' shape, CE's per-row losses as `[N]` in their dtype. An
 * op, so that a recorded step recomputes them from each batch's labels and sample weights.
 */
function rowWeights(y: Int32Array, classWeight: readonly number[] | undefined, rowWeight: Float64Array | undefined, out: FloatArray, shape: readonly number[]): Tensor {
  const weightOf = (i: number) => (classWeight ? classWeight[y[i]] : 1) * (rowWeight ? rowWeight[i] : 1);
  return opResult(out, shape, [], {
    name: 'rowWeights',
    args: [y, classWeight, rowWeight],
    forward: () => {
      let total = 0;
      for (let i = 0; i < y.length; i++) total += weightOf(i);
      for (let i = 0; i < y.length; i++) out[i] = total > 0 ? (weightOf(i) * y.length) / total : 0;
    },
    backward: () => {},
  });
}

/** Class probabilities `[N, C]` (float64) from the logits of a model trained with `loss`. */
export function probabilitiesFromLogits(loss: LossName | LossFunction, logits: Tensor): Float64Array {
  const n = logits.shape[0];
  const x = logits.data;
  if (loss === 'bce') {
    const p = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      p[2 * i + 1] = stableSigmoid(x[i]);
      p[2 * i] = 1 - p[2 * i + 1];
    }
    return p;
  }
  // Row-wise softmax with the maximum subtracted, so no logit overflows.
  const c = logits.shape[1];
  const p = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < c; j++) if (x[i * c + j] > max) max = x[i * c + j];
    let sum = 0;
    for (let j = 0; j < c; j++) sum += p[i * c + j] = portableExp(x[i * c + j] - max);
    for (let j = 0; j < c; j++) p[i * c + j] /= sum;
  }
  return p;
}

/** Writes the predicted class of each row of a batch's logits into `out`; returns how many equal their label in `y`. */
export function predictedClasses(loss: LossName | LossFunction, logits: Tensor, out: Int32Array, y?: Int32Array): number {
  const n = logits.shape[0];
  const x = logits.data;
  let correct = 0;
  if (loss === 'bce') {
    for (let i = 0; i < n; i++) {
      out[i] = x[i] > 0 ? 1 : 0;
      if (y !== undefined) correct += +(out[i] === y[i]);
    }
    return correct;
  }
  const c = logits.shape[1];
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (x[i * c + j] > x[i * c + best]) best = j;
    out[i] = best;
    if (y !== undefined) correct += +(best === y[i]);
  }
  return correct;
}

