// Softmax cross-entropy from logits: one graph node whose backward is softmax(z) - target, with the options folded in.
import { ShapeError, ValueError } from '../errors.js';
import { isGradEnabled } from '../tensor/grad-mode.js';
import { allocate, type FloatArray } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import { gradBuffer, opResult, Tensor } from '../tensor/tensor.js';
import { checkProbabilities, checkReduction, optionLists, optionTensors, vectorOption, type Reduction } from './loss-inputs.js';
import { stableLogSumExp } from './softmax.js';
import { portableExp } from '../tensor/portable-math.js';

/** Options of `softmaxCrossEntropy`, as in `torch.nn.functional.cross_entropy`. */
export interface CrossEntropyOptions {
  /** A weight per class (C values) that rescales every term of that class. Default: all 1. */
  weight?: Tensor | readonly number[];
  /** Rows whose class index is this contribute nothing and are not counted by `mean`. Default -100. */
  ignoreIndex?: number;
  /** eps in [0, 1]: the target becomes `(1 - eps) * target + eps / C`, over all C classes. Default 0. */
  labelSmoothing?: number;
  /** `'mean'` (default), `'sum'`, or `'none'` for the `[N]` per-row losses. */
  reduction?: Reduction;
}

/** Class indices, one per row. */
export type ClassIndices = Int32Array | readonly number[];

/**
 * Cross-entropy between `softmax(logits)` and the targets, as one graph node, with PyTorch's exact semantics:
 *
 * - `target` is class indices (`Int32Array` or `number[]`, length N), or class probabilities (an
 *   `[N, C]` tensor with values in [0, 1]; `ignoreIndex` does not apply to them).
 * - `mean` over class indices divides by the summed `weight` of the target classes of the rows that
 *   are not ignored (N when there is no weight and nothing is ignored); over probabilities it divides by N.
 * - If every row is ignored, `mean` is NaN (0 / 0) and the gradient is 0, as in PyTorch; `sum` is 0.
 *
 * Finite for any finite logits (+-1e4 included); a row of equal logits costs exactly log(C).
 * The gradient also reaches a probability target that requires grad.
 * Throws a ShapeError for logits that are not `[N, C]` or a target or weight of the wrong size, and a
 * ValueError naming the row for a class index that is not an integer in [0, C) nor `ignoreIndex`,
 * or for a probability outside [0, 1].
 * @example
 * const loss = softmaxCrossEntropy(model.forward(x), labels); // labels: Int32Array of class indices
 * loss.backward();
 * const smoothed = softmaxCrossEntropy(logits, labels, { labelSmoothing: 0.1, weight: [1, 2, 1] });
 */
export function softmaxCrossEntropy(
  logits: Tensor,
  target: ClassIndices | Tensor,
  options: CrossEntropyOptions = {},
): Tensor {
  const op = 'softmaxCrossEntropy';
  const { ignoreIndex = -100, labelSmoothing = 0, reduction = 'mean', weight: weightOption } = options;
  if (logits.rank !== 2) throw new ShapeError(`${op}: logits must be [N, C], got shape ${formatShape(logits.shape)}`);
  const [n, c] = logits.shape;
  checkReduction(op, reduction);
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new ValueError(`${op}: labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  // Only for a weight's messages: a loss per step in a user's loop should not format a shape every time.
  const what = weightOption === undefined ? '' : `one per class of logits ${formatShape(logits.shape)}`;
  const weight = weightOption === undefined ? null : vectorOption(op, 'weight', weightOption, c, what);
  const readWeight = (): void => void (weightOption !== undefined && vectorOption(op, 'weight', weightOption, c, what, weight!));
  const settings = { weight, readWeight, weightOption, eps: labelSmoothing, reduction };
  if (target instanceof Tensor) {
    if (target.rank !== 2 || target.shape[0] !== n || target.shape[1] !== c) {
      throw new ShapeError(
        `${op}: probability target shape ${formatShape(target.shape)} differs from logits shape ${formatShape(logits.shape)}` +
          ' (pass class indices as an Int32Array or number[])',
      );
    }
    return probabilityTargetLoss(rowStatistics(logits, settings), target);
  }
  return classIndexLoss(rowStatistics(logits, settings), target, ignoreIndex);
}

/** The same function as `softmaxCrossEntropy`, under PyTorch's name. */
export const crossEntropy = softmaxCrossEntropy;

interface CrossEntropyNode {
  logits: Tensor;
  n: number;
  c: number;
  weight: Float64Array | null;
  /** Reads the weight option again into `weight` (see loss-inputs.ts), and the option itself. */
  readWeight: () => void;
  weightOption: Tensor | readonly number[] | undefined;
  eps: number;
  reduction: Reduction;
  /** Per row, the max and log-sum-exp parts: `log p_j = (z_j - shift) - logSum`. Saved for the backward. */
  shift: Float64Array;
  logSum: Float64Array;
  /** `portableExp(z_j - shift)`, so that `p_j = exps_j * portableExp(-logSum)`; null when the logits need no gradient. */
  exps: Float64Array | null;
}

function rowStatistics(logits: Tensor, settings: Pick<CrossEntropyNode, 'weight' | 'readWeight' | 'weightOption' | 'eps' | 'reduction'>): CrossEntropyNode {
  const [n, c] = logits.shape;
  // exp(z - max) is most of the cost, so the forward keeps it when a backward will follow; in float64 whatever
  // the logits, so a confident row's p_y - 1 keeps its low bits.
  const keepExps = isGradEnabled() && logits.requiresGrad;
  // One allocation for all three: a typed array with a buffer of its own is costly next to a small batch's work.
  const saved = new Float64Array(keepExps ? n * (c + 2) : 2 * n);
  const shift = saved.subarray(0, n);
  const logSum = saved.subarray(n, 2 * n);
  const exps = keepExps ? saved.subarray(2 * n) : null;
  return { logits, n, c, ...settings, shift, logSum, exps };
}

/** Reads the weights and the row statistics of the node's logits as they are now (see stableLogSumExp). */
function measureRows(node: CrossEntropyNode): void {
  node.readWeight();
  stableLogSumExp(node.logits.data, node.n, node.c, 1, node.shift, node.logSum, node.exps);
}

/** Copies class indices into `classes`, -1 for any ignored row, or throws a ValueError naming the first bad index. */
function readClassIndices(op: string, target: ClassIndices, c: number, ignoreIndex: number, classes: Int32Array): void {
  const n = classes.length;
  if (target.length !== n) throw new ShapeError(`${op}: target has ${target.length} class indices but logits [${n},${c}] have ${n} rows`);
  // An ignoreIndex that is a class (e.g. 0) must still be marked, so only one outside [0, c) skips the loop.
  if (target instanceof Int32Array && (ignoreIndex < 0 || ignoreIndex >= c) && allInRange(target, c)) {
    classes.set(target);
    return;
  }
  for (let i = 0; i < n; i++) {
    const t = target[i];
    if (!Number.isInteger(t)) throw new ValueError(`${op}: target[${i}] = ${t} is not an integer class index`);
    if ((t < 0 || t >= c) && t !== ignoreIndex) {
      throw new ValueError(`${op}: target[${i}] = ${t} is outside [0, ${c}) and is not ignoreIndex (${ignoreIndex})`);
    }
    classes[i] = t === ignoreIndex ? -1 : t;
  }
}

/** Whether every index is a class in [0, c): the usual batch, whose copy is then one memcpy. */
function allInRange(target: Int32Array, c: number): boolean {
  for (let i = 0; i < target.length; i++) if (target[i] < 0 || target[i] >= c) return false;
  return true;
}

// Row i with logits z, target distribution q, class weights w, p = softmax(z), and
// log p_j = (z_j - shift) - logSum (see stableLogSumExp: finite for any finite z):
//
//   loss_i = -sum_j w_j q_j log p_j
//   d loss_i / d z_j = sum_k w_k q_k (p_j - [j = k]) = a_i p_j - w_j q_j,   a_i = sum_k w_k q_k
//
// which is softmax(z) - q when the weights are 1 and q sums to 1. A class index y with label smoothing
// eps has q = (1 - eps) onehot(y) + eps / C, so, with W = sum_j w_j,
//
//   loss_i = (1 - eps) w_y (-log p_y) + eps / C * sum_j w_j (-log p_j)
//   a_i    = (1 - eps) w_y + eps / C * W
//   grad_j = a_i p_j - eps / C * w_j - (1 - eps) w_y [j = y]
//
// A probability target q' = (1 - eps) q + eps / C uses the first form directly. The reduction scales row i
// by f_i: the upstream gradient g_i ('none'), g (sum), or g / D (mean). The backward reads p_j as
// exps_j * exp(-logSum) from the forward's saved exponentials, so it calls exp once per row, not per element.

function classIndexLoss(node: CrossEntropyNode, target: ClassIndices, ignoreIndex: number): Tensor {
  const { logits, n, c, weight, eps, reduction, shift, logSum, exps } = node;
  const classes = new Int32Array(n);
  const out = allocate(logits.dtype, reduction === 'none' ? n : 1);
  let counted = 0; // D: the summed target-class weight of the rows not ignored
  return opResult(out, reduction === 'none' ? [n] : [], [logits], {
    name: 'softmaxCrossEntropy',
    args: [target, ignoreIndex, eps, reduction, ...optionLists(node.weightOption)],
    reads: optionTensors(node.weightOption),
    forward: () => {
      readClassIndices('softmaxCrossEntropy', target, c, ignoreIndex, classes);
      measureRows(node);
      const total = classIndexLossSum(logits.data, classes, weight, eps, shift, logSum, n, c, reduction === 'none' ? out : null);
      counted = targetWeightSum(classes, weight, n);
      if (reduction !== 'none') out[0] = reduction === 'mean' ? total / counted : total;
    },
    // exps are saved: this node only records a backward when the logits require grad
    backward: (g) => classIndexLossBackward(g, reduction, counted, classes, weight, eps, logSum, exps!, gradBuffer(logits), n, c),
  });
}

/** The rows' summed cross-entropy against class indices (-1: ignored); each row's goes to `perRow` too when given. */
function classIndexLossSum(
  x: FloatArray,
  classes: Int32Array,
  weight: Float64Array | null,
  eps: number,
  shift: Float64Array,
  logSum: Float64Array,
  n: number,
  c: number,
  perRow: FloatArray | null,
): number {
  const smooth = eps / c;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const y = classes[i];
    if (y < 0) {
      if (perRow !== null) perRow[i] = 0; // ignored: contributes nothing
      continue;
    }
    const base = i * c;
    const wy = weight === null ? 1 : weight[y];
    let loss = (1 - eps) * wy * (logSum[i] - (x[base + y] - shift[i]));
    if (eps > 0) {
      let spread = 0;
      for (let j = 0; j < c; j++) spread += (weight === null ? 1 : weight[j]) * (logSum[i] - (x[base + j] - shift[i]));
      loss += smooth * spread;
    }
    if (perRow !== null) perRow[i] = loss;
    total += loss;
  }
  return total;
}

/** D, what `mean` divides by: the summed weight of the target classes of the rows not ignored. */
function targetWeightSum(classes: Int32Array, weight: Float64Array | null, n: number): number {
  let counted = 0;
  for (let i = 0; i < n; i++) {
    const y = classes[i];
    if (y >= 0) counted += weight === null ? 1 : weight[y];
  }
  return counted;
}

/** The backward of `classIndexLossSum`: adds into `dz` from the upstream `g` and the forward's saved values. */
function classIndexLossBackward(
  g: FloatArray,
  reduction: Reduction,
  counted: number,
  classes: Int32Array,
  weight: Float64Array | null,
  eps: number,
  logSum: Float64Array,
  exps: Float64Array,
  dz: FloatArray,
  n: number,
  c: number,
): void {
  const smooth = eps / c;
  const weightSum = weight === null ? c : weight.reduce((sum, w) => sum + w, 0);
  const reduced = reduction === 'mean' ? g[0] / counted : g[0];
  for (let i = 0; i < n; i++) {
    const y = classes[i];
    if (y < 0) continue; // ignored
    const f = reduction === 'none' ? g[i] : reduced;
    const base = i * c;
    const wy = weight === null ? 1 : weight[y];
    const ap = f * ((1 - eps) * wy + smooth * weightSum) * portableExp(-logSum[i]); // a_i p_j = ap * e_j
    const off = f * smooth;
    if (eps === 0) for (let j = base; j < base + c; j++) dz[j] += ap * exps[j];
    else if (weight === null) for (let j = base; j < base + c; j++) dz[j] += ap * exps[j] - off;
    else for (let j = 0; j < c; j++) dz[base + j] += ap * exps[base + j] - off * weight[j];
    dz[base + y] -= f * (1 - eps) * wy;
  }
}

function probabilityTargetLoss(node: CrossEntropyNode, target: Tensor): Tensor {
  const { logits, n, c, weight, eps, reduction, shift, logSum, exps } = node;
  const x = logits.data;
  const q = target.data;
  const smooth = eps / c;
  const targetMass = new Float64Array(n); // a_i = sum_j w_j q'_ij, reused by the backward
  const out = allocate(logits.dtype, reduction === 'none' ? n : 1);
  return opResult(out, reduction === 'none' ? [n] : [], [logits, target], {
    name: 'softmaxCrossEntropy',
    args: [eps, reduction, ...optionLists(node.weightOption)],
    reads: optionTensors(node.weightOption),
    forward: () => {
      checkProbabilities('softmaxCrossEntropy', 'target', q);
      measureRows(node);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const base = i * c;
        let loss = 0;
        let mass = 0;
        for (let j = 0; j < c; j++) {
          const wq = (weight === null ? 1 : weight[j]) * ((1 - eps) * q[base + j] + smooth);
          mass += wq;
          loss += wq * (logSum[i] - (x[base + j] - shift[i]));
        }
        targetMass[i] = mass;
        if (reduction === 'none') out[i] = loss;
        total += loss;
      }
      if (reduction !== 'none') out[0] = reduction === 'mean' ? total / n : total;
    },
    backward: (g) => {
      const dz = logits.requiresGrad ? gradBuffer(logits) : null;
      const dq = target.requiresGrad ? gradBuffer(target) : null;
      const reduced = reduction === 'mean' ? g[0] / n : g[0];
      for (let i = 0; i < n; i++) {
        const f = reduction === 'none' ? g[i] : reduced;
        const base = i * c;
        const m = shift[i];
        const ls = logSum[i];
        const ap = targetMass[i] * portableExp(-ls); // a_i p_j = ap * exps_j
        for (let j = 0; j < c; j++) {
          const k = base + j;
          const w = weight === null ? 1 : weight[j];
          if (dz !== null) dz[k] += f * (ap * exps![k] - w * ((1 - eps) * q[k] + smooth));
          // d loss_i / d q_ij = (1 - eps) w_j (-log p_j)
          if (dq !== null) dq[k] += f * (1 - eps) * w * (ls - (x[k] - m));
        }
      }
    },
  });
}
