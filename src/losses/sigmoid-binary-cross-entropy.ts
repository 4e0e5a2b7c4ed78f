// Binary cross-entropy from logits, elementwise (so multi-label works): one node whose backward is sigmoid(z) - y.
import { allocate, type FloatArray } from '../tensor/dtype.js';
import { isGradEnabled } from '../tensor/grad-mode.js';
import { formatShape } from '../tensor/shape.js';
import { gradBuffer, opResult, Tensor } from '../tensor/tensor.js';
import { checkProbabilities, checkReduction, elementWeights, optionLists, optionTensors, targetValues, vectorOption, type Reduction } from './loss-inputs.js';
import { portableExp, portableLog1p } from '../tensor/portable-math.js';

/** Options of `sigmoidBinaryCrossEntropy`, as in `torch.nn.functional.binary_cross_entropy_with_logits`. */
export interface BinaryCrossEntropyOptions {
  /** A weight per element, broadcast to the input's shape (e.g. `[L]` for an `[N, L]` input). Default: all 1. */
  weight?: Tensor | readonly number[];
  /** A weight for the positive term of each label (L values, along the last dimension). Default: all 1. */
  posWeight?: Tensor | readonly number[];
  /** `'mean'` (default; divides by the number of elements, whatever the weights), `'sum'`, or `'none'`. */
  reduction?: Reduction;
}

/**
 * `-w * (pw * y * log(sigmoid(z)) + (1 - y) * log(1 - sigmoid(z)))` elementwise, as one graph node, with
 * PyTorch's exact semantics. `logits` may have any shape (`[N, L]` for multi-label); `targets` is a
 * tensor of the same shape, or a flat list or typed array in row-major order (e.g. the 0/1 labels as an
 * Int32Array), with values in [0, 1] (soft targets allowed).
 * Finite for any finite logits (+-1e4 included). The gradient also reaches targets that require grad; `weight` and
 * `posWeight` are constants. Throws a ShapeError for targets or weights that do not fit the input, and a ValueError
 * naming the element for a target outside [0, 1].
 * @example
 * const loss = sigmoidBinaryCrossEntropy(logits, labels); // logits and labels [N, L]
 * const rare = sigmoidBinaryCrossEntropy(logits, labels, { posWeight: [1, 5, 20] });
 */
export function sigmoidBinaryCrossEntropy(
  logits: Tensor,
  targets: Tensor | ArrayLike<number>,
  options: BinaryCrossEntropyOptions = {},
): Tensor {
  const op = 'sigmoidBinaryCrossEntropy';
  const { reduction = 'mean', weight: weightOption, posWeight: posWeightOption } = options;
  checkReduction(op, reduction);
  let y = targetValues(op, targets, logits);
  const labels = logits.rank === 0 ? 1 : logits.shape[logits.rank - 1];
  // Only for posWeight's messages: a loss per step in a user's loop should not format a shape every time.
  const perLabel = posWeightOption === undefined ? '' : `one per label, the last dimension of input ${formatShape(logits.shape)}`;
  const weight = weightOption === undefined ? null : elementWeights(op, 'weight', weightOption, logits.shape);
  const posWeight = posWeightOption === undefined ? null : vectorOption(op, 'posWeight', posWeightOption, labels, perLabel);
  const x = logits.data;
  const size = logits.size;

  // With softplus sp(t) = log(1 + e^t): log sigmoid(z) = -sp(-z) and log(1 - sigmoid(z)) = -z - sp(-z), so
  //
  //   loss = w * ((1 - y) z + (1 + (pw - 1) y) sp(-z)),   sp(-z) = max(-z, 0) + log1p(e^-|z|)
  //
  // where the exponent -|z| is never positive (no overflow at z = -1e4, where sp(-z) = 1e4 exactly) and
  // log1p keeps e^-|z| when it is tiny. Differentiating, with sigmoid(-z) = 1 - sigmoid(z):
  //
  //   d loss / dz = w * (sigmoid(z) (pw y + 1 - y) - pw y)   (= w * (sigmoid(z) - y) when pw = 1)
  //   d loss / dy = w * ((pw - 1) sp(-z) - z)
  //
  // When the logits need a gradient the forward keeps sigmoid(z), so the backward calls no exp.
  // `label` runs through the last axis alongside k: k % labels without a division.
  const sigmoids = isGradEnabled() && logits.requiresGrad ? new Float64Array(size) : null;
  const out = allocate(logits.dtype, reduction === 'none' ? size : 1);
  // No weights and a reduced loss, the usual case, takes the lean loops at the end of this file.
  const plain = weight === null && posWeight === null && reduction !== 'none';
  const parents = targets instanceof Tensor ? [logits, targets] : [logits];
  return opResult(out, reduction === 'none' ? logits.shape : [], parents, {
    name: op,
    args: [reduction, targets instanceof Tensor ? null : targets, ...optionLists(weightOption, posWeightOption)],
    reads: optionTensors(weightOption, posWeightOption),
    forward: () => {
      y = targetValues(op, targets, logits);
      // The plain loop checks the targets as it reads them.
      if (!plain) checkProbabilities(op, 'targets', y);
      if (weightOption !== undefined) elementWeights(op, 'weight', weightOption, logits.shape, weight!);
      if (posWeightOption !== undefined) vectorOption(op, 'posWeight', posWeightOption, labels, perLabel, posWeight!);
      let total = plain ? plainLossSum(x, y, sigmoids, size) : 0;
      if (!plain) {
        for (let k = 0, label = 0; k < size; k++, label = label + 1 === labels ? 0 : label + 1) {
          const z = x[k];
          const pw = posWeight === null ? 1 : posWeight[label];
          const expNegAbs = portableExp(-Math.abs(z));
          if (sigmoids !== null) sigmoids[k] = (z >= 0 ? 1 : expNegAbs) / (1 + expNegAbs);
          const spNeg = Math.max(-z, 0) + portableLog1p(expNegAbs);
          let loss = (1 - y[k]) * z + (1 + (pw - 1) * y[k]) * spNeg;
          if (weight !== null) loss *= weight[k];
          if (reduction === 'none') out[k] = loss;
          total += loss;
        }
      }
      if (reduction !== 'none') out[0] = reduction === 'mean' ? total / size : total;
    },
    backward: (g) => {
      const dz = logits.requiresGrad ? gradBuffer(logits) : null;
      const dy = targets instanceof Tensor && targets.requiresGrad ? gradBuffer(targets) : null;
      const reduced = reduction === 'mean' ? g[0] / size : g[0];
      if (plain && dy === null) {
        plainLogitGradient(reduced, sigmoids!, y, dz!, size);
        return;
      }
      for (let k = 0, label = 0; k < size; k++, label = label + 1 === labels ? 0 : label + 1) {
        const f = (reduction === 'none' ? g[k] : reduced) * (weight === null ? 1 : weight[k]);
        const z = x[k];
        if (dz !== null) {
          if (posWeight === null) {
            dz[k] += f * (sigmoids![k] - y[k]);
          } else {
            const positive = posWeight[label] * y[k];
            dz[k] += f * (sigmoids![k] * (positive + 1 - y[k]) - positive);
          }
        }
        if (dy !== null) {
          const pw = posWeight === null ? 1 : posWeight[label];
          dy[k] += f * ((pw - 1) * (Math.max(-z, 0) + portableLog1p(portableExp(-Math.abs(z)))) - z);
        }
      }
    },
  });
}

/** The same function as `sigmoidBinaryCrossEntropy`, under PyTorch's name. */
export const binaryCrossEntropyWithLogits = sigmoidBinaryCrossEntropy;

// sigmoid(z) is (z >= 0 ? 1 : e) / (1 + e) with e = exp(-|z|) in every loop here: one division either sign, and no
// branch of its own to deoptimise a loop when first taken. The plain loops are the general ones with pw = 1 and w = 1
// (1 + 0 * y is 1, f * 1 is f: the same bits), without the per-element branches.

/** The summed loss of the first `size` logits, keeping sigmoid(z) in `sigmoids` when given; checks the targets. */
function plainLossSum(x: ArrayLike<number>, y: ArrayLike<number>, sigmoids: Float64Array | null, size: number): number {
  let total = 0;
  for (let k = 0; k < size; k++) {
    const t = y[k];
    if (!(t >= 0 && t <= 1)) checkProbabilities('sigmoidBinaryCrossEntropy', 'targets', y);
    const z = x[k];
    const expNegAbs = portableExp(-Math.abs(z));
    if (sigmoids !== null) sigmoids[k] = (z >= 0 ? 1 : expNegAbs) / (1 + expNegAbs);
    total += (1 - t) * z + (Math.max(-z, 0) + portableLog1p(expNegAbs));
  }
  return total;
}

/** `dz += f * (sigmoid(z) - y)` over the first `size` values. */
function plainLogitGradient(f: number, sigmoids: Float64Array, y: ArrayLike<number>, dz: FloatArray, size: number): void {
  for (let k = 0; k < size; k++) dz[k] += f * (sigmoids[k] - y[k]);
}
