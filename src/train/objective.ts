// What a classifier's outputs mean: the loss to train them with, and the probabilities and classes they give.
import { ValueError } from '../errors.js';
import { sigmoidBinaryCrossEntropy } from '../losses/sigmoid-binary-cross-entropy.js';
import { softmaxCrossEntropy } from '../losses/softmax-cross-entropy.js';
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

/** A batch's mean loss; `classWeight` weights each row by its class, as in PyTorch (CE divides by the weights' sum). */
export function batchLoss(loss: LossName | LossFunction, logits: Tensor, y: Int32Array, classWeight?: readonly number[]): Tensor {
  if (typeof loss === 'function') return loss(logits, y);
  if (loss === 'ce') return softmaxCrossEntropy(logits, y, classWeight ? { weight: classWeight } : {});
  // The class indices 0 and 1 are the targets themselves: no array of them to build per batch.
  return sigmoidBinaryCrossEntropy(logits, y, classWeight ? { weight: rowWeights(y, classWeight, logits.shape) } : {});
}

/**
 * Each row's class weight, scaled to average 1 over the batch: BCE's mean ignores weights (as in PyTorch), so this
 * makes it the weighted mean CE takes. An op, so that a recorded step recomputes them from each batch's labels.
 */
function rowWeights(y: Int32Array, classWeight: readonly number[], shape: readonly number[]): Tensor {
  const out = new Float64Array(y.length);
  return opResult(out, shape, [], {
    name: 'rowWeights',
    args: [y, classWeight],
    forward: () => {
      let total = 0;
      for (let i = 0; i < y.length; i++) total += classWeight[y[i]];
      for (let i = 0; i < y.length; i++) out[i] = (classWeight[y[i]] * y.length) / total;
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

