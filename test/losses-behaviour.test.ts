// The losses' documented semantics (test/golden/README.md) and their stability at extreme logits.
import { describe, expect, test } from 'vitest';
import {
  Tensor,
  logSoftmax,
  mseLoss,
  sigmoidBinaryCrossEntropy,
  softmax,
  softmaxCrossEntropy,
  tensor,
  type Reduction,
} from '../src/index.js';
import { expectClose, tolerance } from './helpers/golden.js';

const f64 = (values: number[][] | number[], requiresGrad = true): Tensor =>
  tensor(values, { dtype: 'float64', requiresGrad });
const exact = { atol: 0, rtol: 0 };

/** log_softmax of one row by the README's formula, in plain numbers. */
function referenceLogSoftmax(row: number[]): number[] {
  const m = Math.max(...row);
  const logSum = Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
  return row.map((v) => v - m - logSum);
}

describe('softmaxCrossEntropy is finite at any logits', () => {
  test.each([
    ['+-1e4 with the true class far below the max', [[1e4, -1e4, 0]], [1], 2e4, [[1, -1, 0]]],
    ['+-1e4 with the true class at the max', [[-1e4, 1e4, 0]], [1], 0, [[0, 0, 0]]],
    ['a tie at 1e4', [[1e4, 1e4, -1e4]], [0], Math.LN2, [[-0.5, 0.5, 0]]],
  ])('%s: loss and gradient by the formula', (_name, rows, target, loss, grad) => {
    const z = f64(rows);
    const l = softmaxCrossEntropy(z, target);
    expectClose(l.item(), loss, tolerance.float64, 'loss');
    l.backward();
    expectClose(z.grad!.data, grad.flat(), tolerance.float64, 'grad');
  });

  test.each([1, 2, 3, 10, 1000])('a row of %i equal logits costs log(C) and has gradient 1/C - onehot', (c) => {
    for (const value of [0, 1e4, -1e4, 88.5]) {
      const z = new Tensor(new Float64Array(c).fill(value), [1, c], { requiresGrad: true });
      const loss = softmaxCrossEntropy(z, [c - 1]);
      expectClose(loss.item(), Math.log(c), tolerance.float64, `loss at ${value}`);
      loss.backward();
      const want = new Array(c).fill(1 / c);
      want[c - 1] -= 1;
      expectClose(z.grad!.data, want, tolerance.float64, `grad at ${value}`);
    }
  });

  test('label smoothing, weights and probability targets stay finite at +-1e4 (float32 too)', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const z = tensor([[1e4, -1e4, 0], [-1e4, -1e4, 1e4]], { dtype, requiresGrad: true });
      const q = tensor([[0.2, 0.3, 0.5], [1, 0, 0]], { dtype });
      const losses = [
        softmaxCrossEntropy(z, [1, 0], { labelSmoothing: 0.1, weight: [1, 2, 3] }),
        softmaxCrossEntropy(z, q, { labelSmoothing: 0.2, weight: [1, 2, 3] }),
      ];
      for (const loss of losses) {
        expect(Number.isFinite(loss.item())).toBe(true);
        loss.backward();
        expect(Array.from(z.grad!.data).every(Number.isFinite)).toBe(true);
      }
    }
  });
});

describe('softmaxCrossEntropy follows torch semantics', () => {
  const rows = [
    [0.5, -1.2, 2.0, 0.3],
    [1.5, 0.2, -0.7, 0.0],
    [-0.3, 0.8, 0.1, 2.2],
    [2.5, -2.0, 0.4, 1.1],
  ];
  const weight = [0.2, 1.0, 2.5, 0.7];

  test('ignored rows contribute nothing and are not counted in the mean', () => {
    const all = f64(rows);
    const loss = softmaxCrossEntropy(all, [2, -100, 3, -100]);
    const kept = f64([rows[0], rows[2]]);
    const keptLoss = softmaxCrossEntropy(kept, [2, 3]);
    expectClose(loss.item(), keptLoss.item(), tolerance.float64, 'mean');
    loss.backward();
    keptLoss.backward();
    expectClose(all.grad!.data.subarray(4, 8), [0, 0, 0, 0], exact, 'ignored row 1 gradient');
    expectClose(all.grad!.data.subarray(12, 16), [0, 0, 0, 0], exact, 'ignored row 3 gradient');
    expectClose(all.grad!.data.subarray(0, 4), Array.from(kept.grad!.data.subarray(0, 4)), tolerance.float64, 'row 0');
    expectClose(all.grad!.data.subarray(8, 12), Array.from(kept.grad!.data.subarray(4, 8)), tolerance.float64, 'row 2');
  });

  test('a weighted mean divides by the summed weight of the target classes of counted rows', () => {
    const target = [2, 0, -100, 1];
    const loss = softmaxCrossEntropy(f64(rows), target, { weight }).item();
    let total = 0;
    let counted = 0;
    target.forEach((t, i) => {
      if (t === -100) return;
      total += -weight[t] * referenceLogSoftmax(rows[i])[t];
      counted += weight[t];
    });
    expectClose(loss, total / counted, tolerance.float64, 'weighted mean');
  });

  test('reduction none gives one loss per row, 0 for an ignored row', () => {
    const loss = softmaxCrossEntropy(f64(rows), [2, 0, 7, 1], { reduction: 'none', ignoreIndex: 7 });
    expect(loss.shape).toEqual([4]);
    const want = [2, 0, 7, 1].map((t, i) => (t === 7 ? 0 : -referenceLogSoftmax(rows[i])[t]));
    expectClose(loss.data, want, tolerance.float64, 'per-row losses');
  });

  test.each([0, 3, -1, 2 ** 40])('ignoreIndex %s: rows with that index are ignored, others count', (ignoreIndex) => {
    const target = [2, ignoreIndex, 1, ignoreIndex];
    const loss = softmaxCrossEntropy(f64(rows), target, { ignoreIndex, reduction: 'none' });
    const want = target.map((t, i) => (t === ignoreIndex ? 0 : -referenceLogSoftmax(rows[i])[t]));
    expectClose(loss.data, want, tolerance.float64, 'per-row losses');
  });

  test.each([0, 2])('ignoreIndex %s that is a class: ignored in an Int32Array target too', (ignoreIndex) => {
    const target = Int32Array.from([2, ignoreIndex, 1, 3]);
    const loss = softmaxCrossEntropy(f64(rows), target, { ignoreIndex, reduction: 'none' });
    const want = Array.from(target, (t, i) => (t === ignoreIndex ? 0 : -referenceLogSoftmax(rows[i])[t]));
    expectClose(loss.data, want, tolerance.float64, 'per-row losses');
  });

  test('every row ignored: mean is NaN with a zero gradient, sum is 0 (as in torch)', () => {
    const z = f64(rows);
    const mean = softmaxCrossEntropy(z, [-100, -100, -100, -100]);
    expect(mean.item()).toBeNaN();
    mean.backward();
    expectClose(z.grad!.data, new Array(16).fill(0), exact, 'gradient');
    expect(softmaxCrossEntropy(z, [-100, -100, -100, -100], { reduction: 'sum' }).item()).toBe(0);
  });

  test('probability targets follow l_i = -sum_c w_c q\'_ic lp_ic, and mean divides by N even with weights', () => {
    const q = [
      [0.1, 0.2, 0.3, 0.4],
      [1, 0, 0, 0],
      [0.25, 0.25, 0.25, 0.25],
      [0, 0.5, 0, 0.5],
    ];
    const eps = 0.1;
    const perRow = rows.map((row, i) => {
      const lp = referenceLogSoftmax(row);
      return -lp.reduce((s, v, c) => s + weight[c] * ((1 - eps) * q[i][c] + eps / 4) * v, 0);
    });
    const options = { weight, labelSmoothing: eps };
    expectClose(softmaxCrossEntropy(f64(rows), f64(q), { ...options, reduction: 'none' }).data, perRow, tolerance.float64, 'none');
    const mean = perRow.reduce((a, b) => a + b) / 4;
    expectClose(softmaxCrossEntropy(f64(rows), f64(q), options).item(), mean, tolerance.float64, 'mean');
  });

  test.each<[string, Reduction, number[] | undefined, number]>([
    ['mean without weights', 'mean', undefined, 0],
    ['sum with weights', 'sum', weight, 0],
    ['none with weights and label smoothing', 'none', weight, 0.3],
  ])('one-hot probability targets give the class-index result: %s', (_name, reduction, w, labelSmoothing) => {
    const target = [3, 0, 2, 1];
    const oneHot = target.map((t) => [0, 1, 2, 3].map((c) => (c === t ? 1 : 0)));
    const options = { reduction, weight: w, labelSmoothing };
    const byIndex = f64(rows);
    const byProbability = f64(rows);
    const a = softmaxCrossEntropy(byIndex, target, options);
    const b = softmaxCrossEntropy(byProbability, f64(oneHot, false), options);
    expectClose(b.data, Array.from(a.data), tolerance.float64, 'loss');
    a.backward(new Float64Array(a.size).fill(1));
    b.backward(new Float64Array(b.size).fill(1));
    expectClose(byProbability.grad!.data, Array.from(byIndex.grad!.data), tolerance.float64, 'gradient');
  });

  test('is one graph node whose only parent is the logits', () => {
    const z = f64(rows);
    const loss = softmaxCrossEntropy(z, [0, 1, 2, 3], { labelSmoothing: 0.1, weight });
    expect(loss.parents).toEqual([z]);
  });

  test('the output has the logits dtype', () => {
    expect(softmaxCrossEntropy(tensor(rows), [0, 1, 2, 3], { weight: f64(weight, false) }).dtype).toBe('float32');
  });
});

describe('sigmoidBinaryCrossEntropy', () => {
  test.each([
    ['z = 1e4, y = 0', 1e4, 0, 1e4, 1],
    ['z = -1e4, y = 1', -1e4, 1, 1e4, -1],
    ['z = 1e4, y = 1', 1e4, 1, 0, 0],
    ['z = -1e4, y = 0', -1e4, 0, 0, 0],
    ['z = 0, y = 0.5', 0, 0.5, Math.LN2, 0],
  ])('is finite at %s, with loss and gradient by the formula', (_name, z, y, loss, grad) => {
    const x = f64([z]);
    const l = sigmoidBinaryCrossEntropy(x, [y]);
    expectClose(l.item(), loss, tolerance.float64, 'loss');
    l.backward();
    expectClose(x.grad!.data, [grad], tolerance.float64, 'grad');
  });

  test('mean divides by the number of elements, whatever the weights; none keeps the input shape', () => {
    const x = f64([[0.5, -1], [2, 0]]);
    const y = [1, 0, 0, 1];
    const weight = [0, 3];
    const none = sigmoidBinaryCrossEntropy(x, y, { weight, reduction: 'none' });
    expect(none.shape).toEqual([2, 2]);
    const unweighted = sigmoidBinaryCrossEntropy(x, y, { reduction: 'none' });
    expectClose(none.data, Array.from(unweighted.data).map((v, i) => v * weight[i % 2]), tolerance.float64, 'weighted terms');
    const mean = sigmoidBinaryCrossEntropy(x, y, { weight }).item();
    expectClose(mean, Array.from(none.data).reduce((a, b) => a + b) / 4, tolerance.float64, 'mean');
  });

  test('posWeight scales only the positive term, per label along the last axis', () => {
    const z = [0.3, -0.4, 1.2, -2.0];
    const y = [1, 0.5, 0, 1];
    const posWeight = [3, 0.5];
    const loss = sigmoidBinaryCrossEntropy(f64([z.slice(0, 2), z.slice(2)]), y, { posWeight, reduction: 'none' });
    const logSig = (v: number): number => -Math.log1p(Math.exp(-v));
    const want = z.map((v, i) => -(posWeight[i % 2] * y[i] * logSig(v) + (1 - y[i]) * logSig(-v)));
    expectClose(loss.data, want, tolerance.float64, 'per-element losses');
  });
});

test('mseLoss is the mean, sum or elementwise squared difference', () => {
  const p = f64([[1, 2], [3, 4]]);
  const t = [1.5, 2, 1, 5];
  const squares = [0.25, 0, 4, 1];
  expectClose(mseLoss(p, t, { reduction: 'none' }).data, squares, exact, 'none');
  expectClose(mseLoss(p, t, { reduction: 'sum' }).item(), 5.25, exact, 'sum');
  const mean = mseLoss(p, t);
  expectClose(mean.item(), 5.25 / 4, exact, 'mean');
  mean.backward();
  expectClose(p.grad!.data, [-0.25, 0, 1, -0.5], tolerance.float64, 'grad 2 (p - t) / n');
});

describe('softmax and logSoftmax', () => {
  test('rows of extreme logits sum to 1, and logSoftmax is -1.1e4 rather than -Infinity', () => {
    const x = f64([[1e4, -1e3, 0], [-1e4, -1e4, -1e4]], false);
    const p = softmax(x);
    for (let r = 0; r < 2; r++) expectClose(p.data[3 * r] + p.data[3 * r + 1] + p.data[3 * r + 2], 1, tolerance.float64, `row ${r}`);
    expectClose(logSoftmax(x).data.subarray(0, 2), [0, -11000], tolerance.float64, 'log_softmax');
  });

  test('axis 0 of a matrix is the last axis of its transpose', () => {
    const x = f64([[1, 2, 3], [4, -5, 6]], false);
    const byColumns = softmax(x, 0);
    const byRowsOfTranspose = softmax(x.transpose()).transpose();
    expectClose(byColumns.data, Array.from(byRowsOfTranspose.data), tolerance.float64, 'softmax');
    expectClose(logSoftmax(x, 0).data, Array.from(logSoftmax(x.transpose(), 1).transpose().data), tolerance.float64, 'logSoftmax');
  });
});
