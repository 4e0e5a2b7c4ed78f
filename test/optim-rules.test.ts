// Every option of SGD, Adam and AdamW against a line-by-line transcription of the update rules in
// test/golden/README.md (torch 1.13), plus parameter groups, zeroGrad, skipped parameters and validation.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  Adam,
  AdamW,
  randn,
  SGD,
  Tensor,
  ValueError,
  type AdamOptions,
  type Optimizer,
  type SGDOptions,
} from '../src/index.js';
import { expectValueError } from './helpers/expect-error.js';
import { expectClose, tolerance } from './helpers/golden.js';

type SGDRule = Required<SGDOptions>;
type AdamRule = Required<AdamOptions> & { decoupled: boolean };

/** torch.optim.SGD as the README writes it (maximize negates g first, as torch 1.13 does), on plain numbers. */
function referenceSGD(p0: number[], grads: number[][], h: SGDRule): number[][] {
  const p = [...p0];
  let buf: number[] | null = null;
  const after: number[][] = [];
  for (const gRaw of grads) {
    const g = gRaw.map((x) => (h.maximize ? -x : x));
    let d = g.map((x, i) => x + h.weightDecay * p[i]);
    if (h.momentum !== 0) {
      const prev: number[] | null = buf;
      const next: number[] = prev === null ? [...d] : prev.map((b, i) => h.momentum * b + (1 - h.dampening) * d[i]);
      buf = next;
      d = h.nesterov ? d.map((x, i) => x + h.momentum * next[i]) : next;
    }
    for (let i = 0; i < p.length; i++) p[i] = p[i] - h.lr * d[i];
    after.push([...p]);
  }
  return after;
}

/** torch.optim.Adam / AdamW as the README writes them, on plain numbers; amsgrad applies to the first `amsgradSteps`. */
function referenceAdam(p0: number[], grads: number[][], h: AdamRule, amsgradSteps = Infinity): number[][] {
  const [beta1, beta2] = h.betas;
  const p = [...p0];
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  const vmax = p.map(() => 0);
  const after: number[][] = [];
  grads.forEach((gRaw, step) => {
    const t = step + 1;
    if (h.decoupled) for (let i = 0; i < p.length; i++) p[i] = p[i] * (1 - h.lr * h.weightDecay);
    for (let i = 0; i < p.length; i++) {
      let g = h.maximize ? -gRaw[i] : gRaw[i];
      if (!h.decoupled) g = g + h.weightDecay * p[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      const bc1 = 1 - beta1 ** t;
      const bc2 = 1 - beta2 ** t;
      vmax[i] = Math.max(vmax[i], v[i]);
      const vUsed = h.amsgrad && t <= amsgradSteps ? vmax[i] : v[i];
      p[i] = p[i] - (h.lr / bc1) * m[i] / (Math.sqrt(vUsed) / Math.sqrt(bc2) + h.eps);
    }
    after.push([...p]);
  });
  return after;
}

const SIZE = 7;
const STEPS = 12;

/** Random gradients that shrink after a few steps, so amsgrad's running maximum differs from v. */
function gradientSequence(seed: number): number[][] {
  return Array.from({ length: STEPS }, (_, t) => Array.from(randn([SIZE], seed * 100 + t, { dtype: 'float64' }).data, (g) => g * (t < 3 ? 2 : 0.1)));
}

/** Runs `opt` over a parameter with the given gradients and returns the parameter after each step. */
function runOptimizer(make: (params: Tensor[]) => Optimizer, p0: number[], grads: number[][]): number[][] {
  const param = new Tensor(Float64Array.from(p0), [SIZE], { requiresGrad: true });
  const opt = make([param]);
  return grads.map((g) => {
    param.grad = new Tensor(Float64Array.from(g), [SIZE]);
    opt.step();
    return Array.from(param.data);
  });
}

function expectTrajectory(got: number[][], want: number[][]): void {
  want.forEach((w, t) => expectClose(got[t], w, tolerance.optim, `after step ${t + 1}`));
}

const p0 = Array.from(randn([SIZE], 7, { dtype: 'float64' }).data);
const sgdDefaults: SGDRule = { lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false };
const adamDefaults: Required<AdamOptions> = { lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false };

const sgdCases: [string, Partial<SGDRule>][] = [
  ['plain SGD', {}],
  ['momentum: the first buffer is d itself, later ones momentum*buf + d', { momentum: 0.9 }],
  ['dampening scales only the later gradients in the buffer', { momentum: 0.9, dampening: 0.5 }],
  ['nesterov steps along d + momentum*buf with the new buffer', { momentum: 0.9, nesterov: true }],
  ['weight decay adds weightDecay*p to the gradient', { weightDecay: 0.1 }],
  ['maximize ascends', { maximize: true }],
  ['everything at once', { lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.05, maximize: true }],
  ['dampening with weight decay and maximize', { momentum: 0.5, dampening: 0.3, weightDecay: 0.2, maximize: true }],
];

const adamCases: [string, Partial<AdamRule>][] = [
  ['Adam', {}],
  ['Adam with other betas and eps', { betas: [0.8, 0.99], eps: 1e-3 }],
  ['Adam weight decay is L2 in the gradient, before the moments', { weightDecay: 0.1 }],
  ['Adam amsgrad divides by the maximum of the raw v', { amsgrad: true }],
  ['Adam maximize ascends', { maximize: true }],
  ['Adam with amsgrad, maximize and weight decay', { lr: 0.05, amsgrad: true, maximize: true, weightDecay: 0.1 }],
  ['AdamW shrinks p by 1 - lr*weightDecay before the update', { decoupled: true, weightDecay: 1e-2 }],
  ['AdamW with a large decay, amsgrad and maximize', { decoupled: true, lr: 0.1, weightDecay: 0.5, amsgrad: true, maximize: true }],
];

describe('each update rule matches the transcription of torch (test/golden/README.md)', () => {
  test.each(sgdCases)('SGD, %s', (_name, options) => {
    const h = { ...sgdDefaults, ...options };
    const grads = gradientSequence(1);
    expectTrajectory(runOptimizer((p) => new SGD(p, h), p0, grads), referenceSGD(p0, grads, h));
  });

  test.each(adamCases)('%s', (_name, { decoupled = false, ...options }) => {
    const h = { ...adamDefaults, ...options, decoupled };
    const grads = gradientSequence(2);
    const make = (p: Tensor[]) => (decoupled ? new AdamW(p, h) : new Adam(p, h));
    expectTrajectory(runOptimizer(make, p0, grads), referenceAdam(p0, grads, h));
  });

  test('amsgrad changes the trajectory on these gradients (so its case tests something)', () => {
    const grads = gradientSequence(2);
    const plain = runOptimizer((p) => new Adam(p, adamDefaults), p0, grads);
    const ams = runOptimizer((p) => new Adam(p, { ...adamDefaults, amsgrad: true }), p0, grads);
    expect(ams[STEPS - 1]).not.toEqual(plain[STEPS - 1]);
  });

  test('switching amsgrad off mid-run stops using the running maximum', () => {
    const grads = gradientSequence(3);
    const param = new Tensor(Float64Array.from(p0), [SIZE], { requiresGrad: true });
    const opt = new Adam([param], { ...adamDefaults, amsgrad: true });
    const got = grads.map((g, t) => {
      if (t === 6) opt.paramGroups[0].amsgrad = false;
      param.grad = new Tensor(Float64Array.from(g), [SIZE]);
      opt.step();
      return Array.from(param.data);
    });
    expectTrajectory(got, referenceAdam(p0, grads, { ...adamDefaults, amsgrad: true, decoupled: false }, 6));
  });

  test('SGD matches for any valid hyperparameters (property)', () => {
    const rule = fc
      .record({
        lr: fc.double({ min: 0, max: 1, noNaN: true }),
        momentum: fc.constantFrom(0, 0.5, 0.9, 0.99),
        dampening: fc.constantFrom(0, 0.1, 0.5),
        nesterov: fc.boolean(),
        weightDecay: fc.double({ min: 0, max: 1, noNaN: true }),
        maximize: fc.boolean(),
      })
      .map((h) => (h.nesterov ? { ...h, momentum: h.momentum || 0.9, dampening: 0 } : h));
    fc.assert(
      fc.property(rule, fc.integer({ min: 0, max: 1000 }), (h, seed) => {
        const grads = gradientSequence(seed);
        expectTrajectory(runOptimizer((p) => new SGD(p, h), p0, grads), referenceSGD(p0, grads, h));
      }),
      { numRuns: 60 },
    );
  });

  test('Adam and AdamW match for any valid hyperparameters (property)', () => {
    const rule = fc.record({
      lr: fc.double({ min: 0, max: 0.5, noNaN: true }),
      betas: fc.tuple(fc.double({ min: 0, max: 0.99, noNaN: true }), fc.double({ min: 0, max: 0.9999, noNaN: true })),
      eps: fc.constantFrom(0, 1e-8, 1e-3),
      weightDecay: fc.double({ min: 0, max: 1, noNaN: true }),
      amsgrad: fc.boolean(),
      maximize: fc.boolean(),
      decoupled: fc.boolean(),
    });
    fc.assert(
      fc.property(rule, fc.integer({ min: 0, max: 1000 }), (h, seed) => {
        const grads = gradientSequence(seed);
        const make = (p: Tensor[]) => (h.decoupled ? new AdamW(p, h) : new Adam(p, h));
        expectTrajectory(runOptimizer(make, p0, grads), referenceAdam(p0, grads, h));
      }),
      { numRuns: 60 },
    );
  });
});

describe('parameters, groups and gradients', () => {
  const makeParams = () => [randn([3, 2], 1, { dtype: 'float64', requiresGrad: true }), randn([4], 2, { dtype: 'float64', requiresGrad: true })];
  const setGrads = (params: Tensor[], seed: number) =>
    params.forEach((p, i) => {
      p.grad = randn(p.shape, seed * 10 + i, { dtype: 'float64' });
    });

  test.each([
    ['SGD with momentum', (p: Tensor[]) => new SGD(p, { lr: 0.1, momentum: 0.9, weightDecay: 0.1 })],
    ['Adam', (p: Tensor[]) => new Adam(p, { weightDecay: 0.1 })],
    ['AdamW', (p: Tensor[]) => new AdamW(p)],
  ])('%s skips a parameter whose grad is null: no update, no state, no step counted', (_name, make) => {
    const [a, b] = makeParams();
    const opt = make([a, b]);
    const bBefore = Array.from(b.data);
    a.grad = randn(a.shape, 3, { dtype: 'float64' });
    opt.step();
    opt.step();
    expect(Array.from(b.data)).toEqual(bBefore);
    const state = opt.stateDict().state;
    expect(state[0]).not.toBeNull();
    expect(state[1]).toBeNull();
  });

  test('zeroGrad zeroes the existing gradient buffers in place; setToNone drops them', () => {
    const [a, b] = makeParams();
    const opt = new SGD([a, b], { lr: 0.1 });
    a.grad = randn(a.shape, 3, { dtype: 'float64' });
    const buffer = a.grad;
    opt.zeroGrad();
    expect(a.grad).toBe(buffer);
    expect(Array.from(a.grad.data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(b.grad).toBeNull();
    opt.zeroGrad({ setToNone: true });
    expect(a.grad).toBeNull();
  });

  test('after zeroGrad, backward accumulates from zero into the same buffer', () => {
    const w = new Tensor(Float64Array.from([1, 2]), [2], { requiresGrad: true });
    const opt = new SGD([w], { lr: 0.1 });
    w.mul(w).sum().backward();
    const buffer = w.grad!;
    opt.zeroGrad();
    w.mul(3).sum().backward();
    expect(w.grad).toBe(buffer);
    expect(Array.from(w.grad!.data)).toEqual([3, 3]);
  });

  test('each parameter group uses its own hyperparameters, as two separate optimizers would', () => {
    const grouped = makeParams();
    const separate = makeParams();
    const opt = new SGD([{ params: [grouped[0]] }, { params: [grouped[1]], lr: 0.01, momentum: 0.9 }], { lr: 0.1 });
    const optA = new SGD([separate[0]], { lr: 0.1 });
    const optB = new SGD([separate[1]], { lr: 0.01, momentum: 0.9 });
    expect(opt.paramGroups.map((g) => [g.lr, g.momentum, g.nesterov])).toEqual([[0.1, 0, false], [0.01, 0.9, false]]);
    for (let step = 0; step < 5; step++) {
      setGrads(grouped, step);
      setGrads(separate, step);
      opt.step();
      optA.step();
      optB.step();
    }
    expect(Array.from(grouped[0].data)).toEqual(Array.from(separate[0].data));
    expect(Array.from(grouped[1].data)).toEqual(Array.from(separate[1].data));
  });

  test('a group can be a single tensor, and addParamGroup adds one later', () => {
    const [a, b] = makeParams();
    const opt = new Adam([{ params: a }]);
    opt.addParamGroup({ params: [b], lr: 0.5 });
    expect(opt.paramGroups.map((g) => [g.params.length, g.lr])).toEqual([[1, 1e-3], [1, 0.5]]);
  });

  test('lr sets every group; reading it throws while the groups differ', () => {
    const [a, b] = makeParams();
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.01 }], { lr: 0.1 });
    expect(() => opt.lr).toThrowError(new ValueError('SGD.lr: the parameter groups have different learning rates (0.1, 0.01); read paramGroups[i].lr'));
    opt.lr = 0.5;
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.5, 0.5]);
    expect(opt.lr).toBe(0.5);
  });

  test('float32 parameters keep float32 state: every saved buffer value is a float32', () => {
    const w = randn([5], 1, { requiresGrad: true });
    const opt = new Adam([w], { lr: 0.1, amsgrad: true });
    for (let step = 0; step < 3; step++) {
      w.grad = randn([5], step);
      opt.step();
    }
    expect(w.dtype).toBe('float32');
    const state = opt.stateDict().state[0]!;
    for (const key of ['expAvg', 'expAvgSq', 'maxExpAvgSq']) {
      for (const value of state[key] as number[]) expect(Math.fround(value)).toBe(value);
    }
  });
});

describe('options are validated like torch, with messages naming the option and value', () => {
  const p = () => [new Tensor(new Float64Array(3), [3], { requiresGrad: true })];
  test.each([
    ['SGD lr < 0', () => new SGD(p(), { lr: -0.1 }), 'SGD: lr must be >= 0, got -0.1'],
    ['SGD lr NaN', () => new SGD(p(), { lr: NaN }), 'SGD: lr must be >= 0, got NaN'],
    ['SGD without lr', () => new SGD(p(), {} as SGDOptions), 'SGD: lr must be >= 0, got undefined'],
    ['SGD momentum < 0', () => new SGD(p(), { lr: 0.1, momentum: -0.5 }), 'SGD: momentum must be >= 0, got -0.5'],
    ['SGD weightDecay < 0', () => new SGD(p(), { lr: 0.1, weightDecay: -1 }), 'SGD: weightDecay must be >= 0, got -1'],
    [
      'SGD nesterov without momentum',
      () => new SGD(p(), { lr: 0.1, nesterov: true }),
      'SGD: nesterov must be used with momentum > 0 and dampening 0, got nesterov with momentum 0 and dampening 0',
    ],
    [
      'SGD nesterov with dampening',
      () => new SGD(p(), { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }),
      'SGD: nesterov must be used with momentum > 0 and dampening 0, got nesterov with momentum 0.9 and dampening 0.1',
    ],
    ['Adam lr < 0', () => new Adam(p(), { lr: -1 }), 'Adam: lr must be >= 0, got -1'],
    ['Adam eps < 0', () => new Adam(p(), { eps: -1e-8 }), 'Adam: eps must be >= 0, got -1e-8'],
    ['Adam beta1 = 1', () => new Adam(p(), { betas: [1, 0.999] }), 'Adam: betas[0] must be in [0, 1), got 1'],
    ['Adam beta2 < 0', () => new Adam(p(), { betas: [0.9, -0.1] }), 'Adam: betas[1] must be in [0, 1), got -0.1'],
    ['Adam weightDecay < 0', () => new Adam(p(), { weightDecay: -0.01 }), 'Adam: weightDecay must be >= 0, got -0.01'],
    ['AdamW lr < 0', () => new AdamW(p(), { lr: -1 }), 'AdamW: lr must be >= 0, got -1'],
    ['AdamW beta1 NaN', () => new AdamW(p(), { betas: [NaN, 0.999] }), 'AdamW: betas[0] must be in [0, 1), got NaN'],
  ])('%s', (_name, fn, message) => expectValueError(fn, message));

  test.each([
    ['an empty parameter list', () => new SGD([], { lr: 0.1 }), 'SGD: got an empty parameter list'],
    [
      'an invalid option in a later group names the group',
      () => new SGD([{ params: p() }, { params: p(), lr: -1 }], { lr: 0.1 }),
      'SGD parameter group 1: lr must be >= 0, got -1',
    ],
    [
      'a misspelt option',
      () => new SGD([{ params: p(), weight_decay: 0.1 } as never], { lr: 0.1 }),
      "SGD parameter group 0: unknown option 'weight_decay' (SGD takes lr, momentum, dampening, nesterov, weightDecay, maximize)",
    ],
    [
      'a parameter in two groups',
      () => {
        const shared = p();
        return new Adam([{ params: shared }, { params: shared }]);
      },
      'Adam parameter group 1: params[0] appears in more than one place; a parameter can be optimized only once',
    ],
    [
      'a tensor computed by an op',
      () => new Adam([p()[0].mul(2)]),
      'Adam: params[0] is not a leaf tensor (an op computed it); optimize the tensors it was computed from',
    ],
    ['tensors mixed with groups', () => new Adam([p()[0], { params: p() }] as never), 'Adam: params must be all tensors or all parameter groups, got 1 tensors among 2 entries'],
    ['a negative lr through the setter', () => (new SGD(p(), { lr: 0.1 }).lr = -1), 'SGD.lr: lr must be >= 0, got -1'],
  ])('%s', (_name, fn, message) => expectValueError(fn, message));
});

describe('loadStateDict rejects a state that does not fit, with a message saying where, and changes nothing', () => {
  const params = (...sizes: number[]) => sizes.map((n) => new Tensor(new Float64Array(n).fill(1), [n], { requiresGrad: true }));
  const trained = <O extends Optimizer>(opt: O): O => {
    for (const group of opt.paramGroups) for (const param of group.params) param.grad = new Tensor(new Float64Array(param.size).fill(0.5), param.shape);
    opt.step();
    return opt;
  };
  const json = <T>(value: T): T => JSON.parse(JSON.stringify(value));

  test.each([
    [
      "another optimizer's state",
      () => new SGD(params(3), { lr: 0.1 }).loadStateDict(trained(new Adam(params(3))).stateDict()),
      'SGD.loadStateDict: the state is from Adam, not SGD',
    ],
    [
      'a different number of groups',
      () => new SGD(params(3), { lr: 0.1 }).loadStateDict(new SGD([{ params: params(3) }, { params: params(2) }], { lr: 0.1 }).stateDict()),
      'SGD.loadStateDict: the state has 2 parameter groups, this optimizer has 1',
    ],
    [
      'a different number of parameters in a group',
      () => new SGD(params(3), { lr: 0.1 }).loadStateDict(new SGD(params(3, 2), { lr: 0.1 }).stateDict()),
      'SGD.loadStateDict: paramGroups[0]: the state has 2 parameters in this group, the optimizer has 1',
    ],
    [
      'a momentum buffer of the wrong length',
      () => new SGD(params(4), { lr: 0.1, momentum: 0.9 }).loadStateDict(trained(new SGD(params(3), { lr: 0.1, momentum: 0.9 })).stateDict()),
      'SGD.loadStateDict: state[0].momentumBuffer: expected 4 numbers, got 3',
    ],
    [
      'a NaN moment that JSON turned into null',
      () => {
        const saved = json(trained(new Adam(params(3))).stateDict());
        (saved.state[0]!.expAvg as (number | null)[])[2] = null;
        new Adam(params(3)).loadStateDict(saved);
      },
      'Adam.loadStateDict: state[0].expAvg[2]: expected a number, got null',
    ],
    [
      'an amsgrad state without its running maximum',
      () => new Adam(params(3), { amsgrad: true }).loadStateDict({ ...json(trained(new Adam(params(3))).stateDict()), paramGroups: new Adam(params(3), { amsgrad: true }).stateDict().paramGroups }),
      'Adam.loadStateDict: state[0].maxExpAvgSq: expected an array of 3 numbers, got nothing (the key is missing)',
    ],
    [
      'a step count that is not a count',
      () => {
        const saved = json(trained(new Adam(params(3))).stateDict());
        saved.state[0]!.step = 1.5;
        new Adam(params(3)).loadStateDict(saved);
      },
      'Adam.loadStateDict: state[0].step: expected an integer >= 0, got 1.5',
    ],
    [
      'a missing hyperparameter',
      () => {
        const saved = json(new SGD(params(3), { lr: 0.1 }).stateDict());
        delete saved.paramGroups[0].momentum;
        new SGD(params(3), { lr: 0.1 }).loadStateDict(saved);
      },
      'SGD.loadStateDict: paramGroups[0].momentum: missing',
    ],
    [
      'an invalid hyperparameter',
      () => {
        const saved = json(new Adam(params(3)).stateDict());
        saved.paramGroups[0].betas = [0.9, 1.5];
        new Adam(params(3)).loadStateDict(saved);
      },
      'Adam.loadStateDict: paramGroups[0]: betas[1] must be in [0, 1), got 1.5',
    ],
  ])('%s', (_name, fn, message) => expectValueError(fn, message));

  test('a rejected state leaves the optimizer exactly as it was', () => {
    const opt = trained(new Adam(params(3), { lr: 0.01 }));
    const before = JSON.stringify(opt.stateDict());
    const saved = json(trained(new Adam(params(3), { lr: 0.5 })).stateDict());
    saved.state[0]!.expAvgSq = [1, 2];
    expect(() => opt.loadStateDict(saved)).toThrow(ValueError);
    expect(JSON.stringify(opt.stateDict())).toBe(before);
  });

  test('loading restores every group hyperparameter, lr included', () => {
    const source = new SGD([{ params: params(2) }, { params: params(3), momentum: 0.5 }], { lr: 0.1 });
    source.paramGroups[1].lr = 0.003;
    const target = new SGD([{ params: params(2) }, { params: params(3) }], { lr: 1 });
    target.loadStateDict(json(source.stateDict()));
    expect(target.paramGroups.map((g) => [g.lr, g.momentum])).toEqual([[0.1, 0], [0.003, 0.5]]);
  });
});
