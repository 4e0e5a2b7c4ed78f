// Every differentiable core op against central finite differences, on random shapes and values.
import { describe, test, expect } from 'vitest';
import fc from 'fast-check';
import {
  GradError, Tensor, add, div, exp, gradcheck, leakyRelu, log, matmul, mean, mul, neg, randn, relu, reshape, sigmoid, sub, sum,
  tanh, transpose, uniform,
} from '../src/index.js';

const f64 = { dtype: 'float64', requiresGrad: true } as const;
const dim = fc.integer({ min: 1, max: 5 });
const seed = fc.integer({ min: 0, max: 1_000_000 });

// Every broadcasting direction the ops support: equal shapes, scalar, row, column, row-vs-column, lower rank on either side.
const broadcastPairs = (m: number, n: number): [number[], number[]][] => [
  [[m, n], [m, n]],
  [[m, n], []],
  [[], [m, n]],
  [[m, n], [n]],
  [[n], [m, n]],
  [[m, n], [1, n]],
  [[m, n], [m, 1]],
  [[m, 1], [m, n]],
  [[m, 1], [1, n]],
  [[1, n], [m, 1]],
  [[2, m, n], [n]],
  [[2, 1, n], [m, 1]],
];

describe('gradcheck: broadcasting binary ops', () => {
  const ops = { add, sub, mul, div } as const;
  test.each(Object.keys(ops))('%s, every broadcasting direction', (name) => {
    const op = ops[name as keyof typeof ops];
    fc.assert(
      fc.property(dim, dim, seed, fc.integer({ min: 0, max: 11 }), (m, n, s, which) => {
        const [sa, sb] = broadcastPairs(m, n)[which];
        const a = randn(sa, s, f64);
        // keep divisors away from 0, where finite differences mean nothing
        const b = name === 'div' ? uniform(sb, 0.5, 2, s + 1, f64) : randn(sb, s + 1, f64);
        return gradcheck(op, [a, b]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('gradcheck: unary ops', () => {
  const cases: [string, (x: Tensor) => Tensor, (shape: number[], s: number) => Tensor][] = [
    ['neg', neg, (sh, s) => randn(sh, s, f64)],
    ['exp', exp, (sh, s) => randn(sh, s, f64)],
    ['log', log, (sh, s) => uniform(sh, 0.2, 3, s, f64)],
    // kinks at 0: sample away from them
    ['relu', relu, (sh, s) => awayFromZero(randn(sh, s, f64))],
    ['leakyRelu', (x) => leakyRelu(x, 0.1), (sh, s) => awayFromZero(randn(sh, s, f64))],
    ['sigmoid', sigmoid, (sh, s) => randn(sh, s, f64).mul(3).detach()],
    ['tanh', tanh, (sh, s) => randn(sh, s, f64).mul(2).detach()],
  ];
  test.each(cases)('%s', (_name, op, make) => {
    fc.assert(
      fc.property(dim, dim, seed, (m, n, s) => {
        const x = make([m, n], s);
        x.requiresGrad = true;
        return gradcheck(op, [x]);
      }),
      { numRuns: 40 },
    );
  });
});

describe('gradcheck: reductions, views and matmul', () => {
  test('sum and mean over all, and along every axis with and without keepDims', () => {
    fc.assert(
      fc.property(dim, dim, dim, seed, fc.constantFrom(undefined, 0, 1, 2, -1), fc.boolean(), (a, b, c, s, axis, keepDims) => {
        const x = randn([a, b, c], s, f64);
        return gradcheck((t) => sum(t, { axis, keepDims }), [x]) && gradcheck((t) => mean(t, { axis, keepDims }), [x]);
      }),
      { numRuns: 40 },
    );
  });
  test('reshape and transpose', () => {
    fc.assert(
      fc.property(dim, dim, seed, (m, n, s) => {
        const x = randn([m, n], s, f64);
        return gradcheck((t) => reshape(t, [n, m]).mul(reshape(t, [n, m])), [x]) && gradcheck((t) => transpose(t).exp(), [x]);
      }),
      { numRuns: 40 },
    );
  });
  test('matmul, both operands', () => {
    fc.assert(
      fc.property(dim, dim, dim, seed, (m, k, n, s) => {
        return gradcheck(matmul, [randn([m, k], s, f64), randn([k, n], s + 1, f64)]);
      }),
      { numRuns: 60 },
    );
  });
  test('a composed expression: a two-layer network', () => {
    const x = randn([4, 3], 1, { dtype: 'float64' });
    const w1 = randn([3, 5], 2, f64);
    const w2 = randn([5, 2], 3, f64);
    expect(gradcheck((a, b) => x.matmul(a).tanh().matmul(b).sigmoid().mean(), [w1, w2])).toBe(true);
  });
});

describe('gradcheck itself', () => {
  test('a wrong gradient fails with the element named', () => {
    // exp's forward with a deliberately wrong backward (gradient of 2 e^x)
    const wrong = (x: Tensor) => {
      const y = exp(x);
      const fn = y.backwardFn!;
      y.backwardFn = (g) => fn(g.map((v) => 2 * v) as Float64Array);
      return y;
    };
    const x = randn([3], 0, f64);
    expect(() => gradcheck(wrong, [x])).toThrow(GradError);
    expect(() => gradcheck(wrong, [x])).toThrow(/input 0 element 0: analytic gradient/);
    expect(gradcheck(wrong, [x], { raiseException: false })).toBe(false);
  });
  test('float32 inputs are refused', () => {
    expect(() => gradcheck(exp, [randn([2], 0, { requiresGrad: true })])).toThrow(/must be float64/);
  });
});

function awayFromZero(t: Tensor): Tensor {
  for (let i = 0; i < t.size; i++) if (Math.abs(t.data[i]) < 0.01) t.data[i] += 0.05;
  return t;
}
