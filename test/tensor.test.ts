// Behaviour of the tensor core: creation, broadcasting, reductions, autograd bookkeeping, errors.
import { describe, test, expect } from 'vitest';
import {
  GradError, ShapeError, Tensor, add, argmax, div, full, matmul, mul, noGrad, ones, randn, rand, sub, tensor, uniform, zeros,
} from '../src/index.js';
import seedrandom from 'seedrandom';

describe('creating tensors', () => {
  test('nested arrays give their shape, row-major data and float32 by default', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });
  test('a flat typed array takes a shape; a Float64Array stays float64; values are copied', () => {
    const src = new Float64Array([1, 2, 3, 4, 5, 6]);
    const t = tensor(src, { shape: [3, 2] });
    expect(t.dtype).toBe('float64');
    src[0] = 99;
    expect(t.data[0]).toBe(1);
  });
  test('a number is a scalar of shape []', () => {
    const t = tensor(2.5, { dtype: 'float64' });
    expect(t.shape).toEqual([]);
    expect(t.item()).toBe(2.5);
  });
  test('ragged nested arrays are a ShapeError', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged/);
  });
  test('a shape that the values do not fill is a ShapeError naming both', () => {
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow('tensor: 3 values do not fill shape [2,2]');
  });
  test('zeros, ones and full fill; the dtype option is honoured', () => {
    expect(Array.from(zeros([2, 2]).data)).toEqual([0, 0, 0, 0]);
    expect(Array.from(ones([3]).data)).toEqual([1, 1, 1]);
    const f = full([2], 7, { dtype: 'float64', requiresGrad: true });
    expect(f.dtype).toBe('float64');
    expect(f.requiresGrad).toBe(true);
  });
  test('the same seed gives the same random numbers; a seedrandom RNG is accepted', () => {
    expect(Array.from(randn([5], 42).data)).toEqual(Array.from(randn([5], 42).data));
    expect(Array.from(randn([5], 42).data)).not.toEqual(Array.from(randn([5], 43).data));
    expect(Array.from(rand([4], seedrandom('a')).data)).toEqual(Array.from(rand([4], 'a').data));
    const u = uniform([1000], -2, 3, 1, { dtype: 'float64' });
    expect(Math.min(...u.data)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u.data)).toBeLessThan(3);
  });
  test('randn draws have mean near 0 and variance near 1', () => {
    const x = randn([20000], 7, { dtype: 'float64' }).data;
    const m = x.reduce((s, v) => s + v, 0) / x.length;
    const v = x.reduce((s, t) => s + (t - m) ** 2, 0) / x.length;
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.05);
  });
});

describe('broadcasting arithmetic', () => {
  const m = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' });
  test.each([
    ['scalar', 10, [[11, 12, 13], [14, 15, 16]]],
    ['row [3]', tensor([10, 20, 30]), [[11, 22, 33], [14, 25, 36]]],
    ['row [1,3]', tensor([[10, 20, 30]]), [[11, 22, 33], [14, 25, 36]]],
    ['column [2,1]', tensor([[100], [200]]), [[101, 102, 103], [204, 205, 206]]],
  ] as const)('matrix + %s', (_name, other, want) => {
    expect(add(m, other as Tensor | number).toArray()).toEqual(want);
  });
  test('a column against a row broadcasts to a matrix', () => {
    expect(mul(tensor([[1], [2]]), tensor([[3, 4, 5]])).toArray()).toEqual([[3, 4, 5], [6, 8, 10]]);
  });
  test('a number on the left works, and keeps the tensor dtype', () => {
    const r = sub(1, m);
    expect(r.dtype).toBe('float64');
    expect(r.toArray()).toEqual([[0, -1, -2], [-3, -4, -5]]);
    expect(div(m, 2).toArray()).toEqual([[0.5, 1, 1.5], [2, 2.5, 3]]);
  });
  test('float32 with float64 promotes to float64', () => {
    expect(add(tensor([1, 2]), tensor([1, 2], { dtype: 'float64' })).dtype).toBe('float64');
  });
  test('shapes that do not broadcast are a ShapeError naming the op and both shapes', () => {
    expect(() => add(m, tensor([1, 2]))).toThrow('add: [2,3] and [2] do not broadcast: dimension 1 is 3 and 2');
  });
  test('the gradient of a broadcast operand is summed over the repeated axes', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64', requiresGrad: true });
    const b = tensor([[2], [3]], { dtype: 'float64', requiresGrad: true });
    a.mul(b).sum().backward();
    expect(a.grad!.toArray()).toEqual([[2, 2, 2], [3, 3, 3]]);
    expect(b.grad!.toArray()).toEqual([[6], [15]]);
  });
});

describe('matmul', () => {
  test('multiplies 2-D tensors', () => {
    const a = tensor([[1, 2], [3, 4], [5, 6]]);
    const b = tensor([[1, 0, 2], [0, 1, 3]]);
    expect(matmul(a, b).toArray()).toEqual([[1, 2, 8], [3, 4, 18], [5, 6, 28]]);
  });
  test('mismatched inner dimensions name the op, both shapes and both dimensions', () => {
    expect(() => matmul(zeros([32, 4]), zeros([3, 4]))).toThrow(ShapeError);
    expect(() => matmul(zeros([32, 4]), zeros([3, 4]))).toThrow('matmul: [32,4] x [3,4]: inner dimensions 4 and 3 differ');
  });
  test.each([
    [1, 1, 1], [1, 7, 5], [7, 1, 5], [5, 3, 1], [9, 6, 13], [16, 16, 16], [17, 5, 33],
  ])('agrees with a naive triple loop for [%i,%i] x [%i,...]', (m, k, n) => {
    const a = randn([m, k], 1, { dtype: 'float64' });
    const b = randn([k, n], 2, { dtype: 'float64' });
    const c = matmul(a, b).data;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a.data[i * k + p] * b.data[p * n + j];
      expect(c[i * n + j]).toBeCloseTo(s, 12);
    }
  });
});

describe('reductions and views', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' });
  test('sum and mean over everything give a scalar', () => {
    expect(x.sum().shape).toEqual([]);
    expect(x.sum().item()).toBe(21);
    expect(x.mean().item()).toBe(3.5);
  });
  test.each([
    [0, false, [3], [5, 7, 9]],
    [1, false, [2], [6, 15]],
    [-1, true, [2, 1], [[6], [15]]],
    [0, true, [1, 3], [[5, 7, 9]]],
  ] as const)('sum along axis %i (keepDims %s)', (axis, keepDims, shape, want) => {
    const s = x.sum({ axis, keepDims });
    expect(s.shape).toEqual(shape);
    expect(s.toArray()).toEqual(want);
  });
  test('mean along an axis divides by that axis length', () => {
    expect(x.mean({ axis: 0 }).toArray()).toEqual([2.5, 3.5, 4.5]);
  });
  test('an axis out of range is a ShapeError', () => {
    expect(() => x.sum({ axis: 2 })).toThrow('sum: axis 2 is out of range for a tensor of rank 2');
  });
  test('argmax along an axis takes the first maximum; without an axis it indexes the flat tensor', () => {
    const t = tensor([[1, 3, 3], [7, 0, 7]]);
    expect(Array.from(argmax(t, 1))).toEqual([1, 0]);
    expect(Array.from(t.argmax(0))).toEqual([1, 0, 1]);
    expect(Array.from(t.argmax())).toEqual([3]);
  });
  test('reshape shares data and infers -1; transpose swaps axes', () => {
    const r = x.reshape([3, -1]);
    expect(r.shape).toEqual([3, 2]);
    expect(r.data).toBe(x.data);
    expect(x.transpose().toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(() => x.reshape([4, 2])).toThrow('reshape: [2,3] (6 elements) cannot be viewed as [4,2]');
  });
  test('item on more than one element is a ShapeError', () => {
    expect(() => x.item()).toThrow('item: tensor of shape [2,3] has 6 elements, not 1');
  });
});

describe('autograd', () => {
  test('gradients accumulate across backward calls, as in PyTorch', () => {
    const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    w.mul(3).sum().backward();
    w.mul(3).sum().backward();
    expect(Array.from(w.grad!.data)).toEqual([6, 6]);
  });
  test('a tensor used twice receives both contributions', () => {
    const x = tensor([3], { dtype: 'float64', requiresGrad: true });
    x.mul(x).add(x).sum().backward(); // d(x^2 + x)/dx = 2x + 1
    expect(x.grad!.item()).toBe(7);
  });
  test('a graph 20000 nodes deep does not overflow the stack', () => {
    const x = tensor([1], { dtype: 'float64', requiresGrad: true });
    let y = x;
    for (let i = 0; i < 20000; i++) y = y.add(1);
    y.sum().backward();
    expect(x.grad!.item()).toBe(1);
  });
  test('backward releases the graph: a second backward is a GradError', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const loss = x.mul(2).sum();
    loss.backward();
    expect(() => loss.backward()).toThrow(GradError);
    expect(() => loss.backward()).toThrow(/already released/);
  });
  test('only tensors that require grad get a gradient', () => {
    const x = tensor([[1, 2]]);
    const w = tensor([[3], [4]], { requiresGrad: true });
    x.matmul(w).sum().backward();
    expect(x.grad).toBeNull();
    expect(Array.from(w.grad!.data)).toEqual([1, 2]);
  });
  test('noGrad records nothing; detach cuts the graph but shares data', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => w.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.isLeaf).toBe(true);
    const d = w.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.data).toBe(w.data);
  });
  test('backward on a non-scalar needs a gradient of its shape', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow('backward: a gradient is needed for a non-scalar output of shape [2]');
    const y = x.mul(2);
    y.backward([1, 10]);
    expect(Array.from(x.grad!.data)).toEqual([2, 20]);
  });
  test('backward on something that does not require grad is a GradError', () => {
    expect(() => tensor([1]).sum().backward()).toThrow(GradError);
  });
});

describe('autograd through a released graph', () => {
  test('reusing an intermediate whose graph an earlier backward released is a GradError, not a lost gradient', () => {
    const x = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    const h = x.mul(x);
    h.sum().backward();
    expect(() => h.mul(3).sum().backward()).toThrow(GradError);
    expect(() => h.mul(3).sum().backward()).toThrow(/an intermediate result was used again/);
  });
});

describe('relu backward', () => {
  test('passes the gradient where x > 0 and nothing elsewhere, even a NaN or infinite upstream gradient (as torch.threshold_backward)', () => {
    const x = tensor([-1, 2, 0, 3], { dtype: 'float64', requiresGrad: true });
    x.relu().backward([NaN, 1, Infinity, 2]);
    expect(Array.from(x.grad!.data)).toEqual([0, 1, 0, 2]);
  });
});
