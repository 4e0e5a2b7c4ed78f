// Module bookkeeping, Linear, activations, Dropout and Sequential.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  Dropout,
  LeakyReLU,
  Linear,
  Module,
  ReLU,
  Sequential,
  ShapeError,
  Sigmoid,
  Tanh,
  Tensor,
  ValueError,
  gradcheck,
  kaimingUniform,
  linear,
  makeRng,
  randn,
  softmaxCrossEntropy,
  tensor,
  xavierNormal,
  zeros,
} from '../src/index.js';
import { expectClose, tolerance } from './helpers/golden.js';

const f64 = { dtype: 'float64' } as const;
const names = (m: Module): string[] => m.namedParameters().map(([name]) => name);

describe('Linear', () => {
  test('has PyTorch layout: weight [out, in], bias [out]', () => {
    const layer = new Linear(4, 3);
    expect(layer.weight.shape).toEqual([3, 4]);
    expect(layer.bias!.shape).toEqual([3]);
    expect(names(layer)).toEqual(['weight', 'bias']);
    expect(names(new Linear(4, 3, { bias: false }))).toEqual(['weight']);
    expect(new Linear(4, 3, { bias: false }).bias).toBeNull();
  });

  test.each([1, 5, 64, 300])('default init: weight and bias lie in +-1/sqrt(in) and fill it (in = %i)', (inFeatures) => {
    const layer = new Linear(inFeatures, 40, { seed: inFeatures });
    const bound = 1 / Math.sqrt(inFeatures);
    for (const t of [layer.weight, layer.bias!]) {
      const v = Array.from(t.data);
      expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(bound);
      expect(Math.max(...v)).toBeGreaterThan(0.8 * bound);
      expect(Math.min(...v)).toBeLessThan(-0.8 * bound);
    }
  });

  test('default init is kaimingUniform with a = sqrt(5) for the weight, then the bias, from one RNG', () => {
    const layer = new Linear(5, 3, { seed: 7, dtype: 'float64' });
    const rng = makeRng(7);
    const weight = kaimingUniform(zeros([3, 5], f64), rng, { a: Math.sqrt(5) });
    const bias = Array.from({ length: 3 }, () => (2 * rng() - 1) / Math.sqrt(5));
    expectClose(layer.weight.data, Array.from(weight.data), { atol: 0, rtol: 0 }, 'weight');
    expectClose(layer.bias!.data, bias, { atol: 0, rtol: 0 }, 'bias');
  });

  test('the same seed gives the same layer; a shared RNG gives each layer its own draws', () => {
    expect(new Linear(4, 3, { seed: 1 }).weight.data).toEqual(new Linear(4, 3, { seed: 1 }).weight.data);
    expect(new Linear(4, 3).weight.data).toEqual(new Linear(4, 3, { seed: 0 }).weight.data);
    expect(new Linear(4, 3, { seed: 1 }).weight.data).not.toEqual(new Linear(4, 3, { seed: 2 }).weight.data);
    const rng = makeRng('shared');
    expect(new Linear(4, 3, { seed: rng }).weight.data).not.toEqual(new Linear(4, 3, { seed: rng }).weight.data);
  });

  test('a custom init fills the weight from the layer seed', () => {
    const layer = new Linear(6, 4, { init: xavierNormal, seed: 3, dtype: 'float64' });
    expect(layer.weight.data).toEqual(xavierNormal(zeros([4, 6], f64), 3).data);
  });

  test('forward is one graph node with parents x, weight, bias', () => {
    const layer = new Linear(4, 2);
    const x = randn([3, 4], 0);
    const y = layer.forward(x);
    expect(y.parents).toEqual([x, layer.weight, layer.bias]);
  });

  test('gradcheck: linear to x, weight and bias, with and without bias, 1-D to 3-D input', () => {
    for (const shape of [[4], [3, 4], [2, 3, 4]]) {
      const x = randn(shape, 1, { ...f64, requiresGrad: true });
      const w = randn([5, 4], 2, { ...f64, requiresGrad: true });
      const b = randn([5], 3, { ...f64, requiresGrad: true });
      gradcheck((xi, wi, bi) => linear(xi, wi, bi), [x, w, b]);
      gradcheck((xi, wi) => linear(xi, wi), [x, w]);
    }
  });

  test('gradcheck: Linear module parameters through a loss, random shapes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), (batch, inF, outF) => {
        const layer = new Linear(inF, outF, { seed: batch * 31 + inF, dtype: 'float64' });
        const x = randn([batch, inF], inF, { ...f64, requiresGrad: true });
        const target = Array.from({ length: batch }, (_, i) => i % outF);
        gradcheck((xi, w, b) => softmaxCrossEntropy(linear(xi, w, b), target), [x, layer.weight, layer.bias!]);
      }),
      { numRuns: 40 },
    );
  });

  test('no gradient is computed for an input that does not require grad', () => {
    const layer = new Linear(4, 2);
    const x = randn([3, 4], 0);
    layer.forward(x).sum().backward();
    expect(x.grad).toBeNull();
    expect(layer.weight.grad).not.toBeNull();
  });

  test('output shape keeps the leading dimensions of the input', () => {
    const layer = new Linear(4, 2);
    expect(layer.forward(randn([4], 0)).shape).toEqual([2]);
    expect(layer.forward(randn([2, 3, 4], 0)).shape).toEqual([2, 3, 2]);
  });

  test.each([
    ['an input whose last dimension is not inFeatures', () => new Linear(4, 2).forward(randn([3, 5], 0)), ShapeError, 'linear: input shape [3,5] does not end in 4, the in-features of weight [2,4]'],
    ['a weight that is not 2-D', () => linear(randn([3, 4], 0), randn([4], 0)), ShapeError, 'linear: weight must be [out, in], got shape [4]'],
    ['a bias of the wrong length', () => linear(randn([3, 4], 0), randn([2, 4], 0), randn([3], 0)), ShapeError, 'linear: bias shape [3] does not match weight [2,4]: expected [2]'],
    ['zero inFeatures', () => new Linear(0, 2), ValueError, 'Linear: inFeatures must be a positive integer, got 0'],
    ['fractional outFeatures', () => new Linear(3, 2.5), ValueError, 'Linear: outFeatures must be a positive integer, got 2.5'],
  ])('rejects %s', (_name, call, errorClass, message) => {
    expect(call).toThrow(errorClass);
    expect(call).toThrow(message);
  });
});

describe('Module', () => {
  const mlp = (): Sequential =>
    new Sequential(new Linear(4, 8, { seed: 1 }), new ReLU(), new Dropout(0.5, { seed: 2 }), new Sequential(new Linear(8, 3, { seed: 3 }), new Tanh()));

  test('parameter names are PyTorch-style dotted paths', () => {
    expect(names(mlp())).toEqual(['0.weight', '0.bias', '3.0.weight', '3.0.bias']);
  });

  test('parameters() are the registered tensors, in order, each requiring grad', () => {
    const model = mlp();
    const [first, , , inner] = model.layers as [Linear, Module, Module, Sequential];
    const second = inner.layers[0] as Linear;
    expect(model.parameters()).toEqual([first.weight, first.bias, second.weight, second.bias]);
    expect(model.parameters().every((p) => p.requiresGrad)).toBe(true);
  });

  test('a parameter shared by two modules is listed once', () => {
    const a = new Linear(3, 3, { seed: 1 });
    class Tied extends Module {
      readonly first = this.registerModule('first', a);
      readonly second = this.registerModule('second', a);
      forward(x: Tensor): Tensor {
        return this.second.forward(this.first.forward(x));
      }
    }
    expect(names(new Tied())).toEqual(['first.weight', 'first.bias']);
  });

  test('train() and eval() set the training flag on every descendant', () => {
    const model = mlp();
    const all = (m: Module): Module[] => [m, ...m.children().flatMap(all)];
    expect(all(model).every((m) => m.training)).toBe(true);
    expect(model.eval()).toBe(model);
    expect(all(model).every((m) => !m.training)).toBe(true);
    model.train();
    expect(all(model).every((m) => m.training)).toBe(true);
    model.train(false);
    expect(all(model).some((m) => m.training)).toBe(false);
  });

  test('zeroGrad clears every gradient', () => {
    const model = mlp();
    softmaxCrossEntropy(model.forward(randn([5, 4], 0)), [0, 1, 2, 0, 1]).backward();
    expect(model.parameters().every((p) => p.grad !== null)).toBe(true);
    model.zeroGrad();
    expect(model.parameters().every((p) => p.grad === null)).toBe(true);
  });

  test('registering a name twice or a dotted name is an error', () => {
    class Bad extends Module {
      constructor(name: string) {
        super();
        this.registerParameter('w', zeros([1]));
        this.registerParameter(name, zeros([1]));
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => new Bad('w')).toThrow("Module: the name 'w' is already registered");
    expect(() => new Bad('a.b')).toThrow("Module: invalid name 'a.b': it must be non-empty and contain no '.'");
  });
});

describe('stateDict and loadStateDict', () => {
  const model = (seed: number): Sequential => new Sequential(new Linear(4, 6, { seed }), new ReLU(), new Linear(6, 3, { seed: seed + 1 }));

  test('round trip: another model loaded from a state dict computes the same outputs', () => {
    const a = model(1);
    const b = model(10);
    const x = randn([5, 4], 0);
    expect(b.forward(x).data).not.toEqual(a.forward(x).data);
    b.loadStateDict(a.stateDict());
    expect(b.forward(x).data).toEqual(a.forward(x).data);
    expect(Object.keys(a.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
  });

  test('a state dict is a copy: later changes to the model do not reach it, and it does not require grad', () => {
    const m = model(1);
    const state = m.stateDict();
    const before = Array.from(state['0.weight'].data);
    m.parameters()[0].data[0] += 1;
    expect(Array.from(state['0.weight'].data)).toEqual(before);
    expect(state['0.weight'].requiresGrad).toBe(false);
  });

  test('loading copies values into the existing parameters (an optimizer holding them sees the change)', () => {
    const m = model(1);
    const held = m.parameters();
    m.loadStateDict(model(5).stateDict());
    expect(m.parameters()).toEqual(held);
    expect(held[0].data).toEqual(model(5).parameters()[0].data);
  });

  test.each([
    ['a wrong shape', (s: Record<string, Tensor>) => ({ ...s, '2.weight': zeros([6, 3]) }), ShapeError, 'loadStateDict: 2.weight has shape [6,3] in the state but [3,6] in the module'],
    ['a missing name', (s: Record<string, Tensor>) => ({ '0.weight': s['0.weight'], '0.bias': s['0.bias'], '2.weight': s['2.weight'] }), ValueError, 'loadStateDict: missing 2.bias (the module has 0.weight, 0.bias, 2.weight, 2.bias)'],
    ['an unexpected name', (s: Record<string, Tensor>) => ({ ...s, '4.weight': zeros([1]) }), ValueError, 'loadStateDict: unexpected 4.weight'],
    ['a value that is not a tensor', (s: Record<string, Tensor>) => ({ ...s, '0.bias': [1, 2] as unknown as Tensor }), ValueError, 'loadStateDict: 0.bias is not a Tensor'],
  ])('rejects %s and changes nothing', (_name, edit, errorClass, message) => {
    const m = model(1);
    const before = m.stateDict();
    const state = edit(model(2).stateDict());
    expect(() => m.loadStateDict(state)).toThrow(errorClass);
    expect(() => m.loadStateDict(state)).toThrow(message);
    for (const [name, t] of m.namedParameters()) expect(t.data).toEqual(before[name].data);
  });
});

describe('activations', () => {
  test.each([
    ['ReLU', new ReLU(), (v: number) => Math.max(v, 0)],
    ['Sigmoid', new Sigmoid(), (v: number) => 1 / (1 + Math.exp(-v))],
    ['Tanh', new Tanh(), Math.tanh],
    ['LeakyReLU()', new LeakyReLU(), (v: number) => (v > 0 ? v : 0.01 * v)],
    ['LeakyReLU(0.2)', new LeakyReLU(0.2), (v: number) => (v > 0 ? v : 0.2 * v)],
  ])('%s applies its function elementwise and has no parameters', (_name, module, fn) => {
    const x = tensor([-2, -0.5, 0.5, 3], f64);
    expectClose(module.forward(x).data, Array.from(x.data).map(fn), tolerance.float64, 'values');
    expect(module.parameters()).toEqual([]);
  });
});

describe('Dropout', () => {
  const x = tensor(Array.from({ length: 10000 }, (_, i) => 1 + (i % 7)), f64);

  test('in training, zeroes about p of the elements and scales the rest by 1/(1-p)', () => {
    const y = new Dropout(0.3, { seed: 0 }).forward(x);
    let dropped = 0;
    for (let i = 0; i < x.size; i++) {
      if (y.data[i] === 0) dropped++;
      else expect(y.data[i]).toBeCloseTo(x.data[i] / 0.7, 12);
    }
    expect(dropped / x.size).toBeGreaterThan(0.28);
    expect(dropped / x.size).toBeLessThan(0.32);
  });

  test('the same seed gives the same masks; successive calls draw new ones', () => {
    const a = new Dropout(0.5, { seed: 'd' });
    const b = new Dropout(0.5, { seed: 'd' });
    const first = a.forward(x);
    expect(b.forward(x).data).toEqual(first.data);
    expect(a.forward(x).data).not.toEqual(first.data);
  });

  test('eval mode is the identity (the same tensor)', () => {
    const d = new Dropout(0.5, { seed: 0 });
    d.eval();
    expect(d.forward(x)).toBe(x);
  });

  test('the gradient is the mask times 1/(1-p)', () => {
    const input = randn([50], 0, { ...f64, requiresGrad: true });
    const y = new Dropout(0.4, { seed: 1 }).forward(input);
    y.sum().backward();
    for (let i = 0; i < 50; i++) expect(input.grad!.data[i]).toBe(y.data[i] === 0 ? 0 : 1 / 0.6);
  });

  test('p = 0 is the identity and p = 1 gives zeros', () => {
    expect(new Dropout(0).forward(x)).toBe(x);
    expect(Array.from(new Dropout(1).forward(x).data).every((v) => v === 0)).toBe(true);
  });

  test.each([-0.1, 1.5, NaN])('rejects p = %s', (p) => {
    expect(() => new Dropout(p)).toThrow(ValueError);
    expect(() => new Dropout(p)).toThrow(`Dropout: p must be in [0, 1], got ${p}`);
  });
});

test('Sequential feeds each module the previous output', () => {
  const first = new Linear(3, 4, { seed: 1 });
  const second = new Linear(4, 2, { seed: 2 });
  const x = randn([2, 3], 0);
  const model = new Sequential(first, new ReLU(), second);
  expect(model.forward(x).data).toEqual(second.forward(new ReLU().forward(first.forward(x))).data);
});
