// fit's graph-free step (FusedStep) against the graph it replaces: the same weights, losses and errors, bit for bit.
import { spawnSync } from 'node:child_process';
import { describe, test, expect, vi } from 'vitest';
import {
  Adam, DivergenceError, Dropout, LeakyReLU, Linear, Module, ReLU, SGD, Sequential, Sigmoid, Tanh, Tensor, fit,
  type Dataset, type FitOptions, type History, type Optimizer,
} from '../src/index.js';
import { FusedStep } from '../src/train/fused-step.js';
import * as linear from '../src/layers/linear.js';
import { kernelBackend } from '../src/tensor/kernels/wasm-gemm.js';
import { makeRng } from '../src/tensor/random.js';

/** The same model behind a module of a user's own: fit can only step it through the graph. */
class Wrapped extends Module {
  constructor(readonly inner: Module) {
    super();
    this.registerModule('inner', inner);
  }
  forward(x: Tensor): Tensor {
    return this.inner.forward(x);
  }
}

/** Rows of `d` features around a centre per class, seeded, in `dtype`. */
function blobs(n: number, d: number, classes: number, dtype: 'float32' | 'float64' = 'float32', seed = 1): Dataset {
  const rng = makeRng(seed);
  const x = dtype === 'float32' ? new Float32Array(n * d) : new Float64Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % classes;
    for (let j = 0; j < d; j++) x[i * d + j] = (j % classes === y[i] ? 1.5 : 0) + (rng() * 2 - 1);
  }
  return {
    x: new Tensor(x, [n, d]),
    y,
    classes: Array.from({ length: classes }, (_, c) => `c${c}`),
    featureNames: Array.from({ length: d }, (_, j) => `f${j}`),
    labelName: 'label',
  };
}

type Setup = { model: () => Module; optimizer: (m: Module) => Optimizer; data: Dataset; options?: Partial<FitOptions> };

async function trainBothWays(setup: Setup): Promise<{ fused: [History, number[][]]; graph: [History, number[][]] }> {
  const run = async (model: Module): Promise<[History, number[][]]> => {
    const history = await fit(model, setup.data, { optimizer: setup.optimizer(model), epochs: 4, batchSize: 16, seed: 3, ...setup.options });
    return [history, model.parameters().map((p) => Array.from(p.data))];
  };
  const direct = setup.model();
  expect(FusedStep.plan(direct, setup.options?.loss ?? 'ce', setup.options?.classWeight)).not.toBeNull();
  // Every step of the direct run is a fused one, and no step of the wrapped run is.
  const steps = vi.spyOn(FusedStep.prototype, 'backward');
  try {
    const fused = await run(direct);
    const fusedSteps = steps.mock.calls.length;
    expect(fusedSteps).toBe(fused[0].epochs.length * Math.ceil((setup.data.y.length * (setup.options?.validationSplit ? 0.8 : 1)) / (setup.options?.batchSize ?? 16)));
    const graph = await run(new Wrapped(setup.model()));
    expect(steps.mock.calls.length).toBe(fusedSteps);
    return { fused, graph };
  } finally {
    steps.mockRestore();
  }
}

const adam = (m: Module): Optimizer => new Adam(m.parameters(), { lr: 0.01 });
const sgd = (m: Module): Optimizer => new SGD(m.parameters(), { lr: 0.1, momentum: 0.9 });

describe('FusedStep gives what the graph gives, bit for bit', () => {
  const cases: [string, Setup][] = [
    ['softmax regression, Adam, a short last batch', { model: () => new Linear(4, 3, { seed: 1 }), optimizer: adam, data: blobs(150, 4, 3) }],
    [
      'an MLP with every activation, SGD with momentum',
      {
        model: () =>
          new Sequential(
            new Linear(6, 12, { seed: 1 }), new ReLU(), new Linear(12, 10, { seed: 2 }), new Tanh(),
            new Linear(10, 8, { seed: 3 }), new Sigmoid(), new Linear(8, 7, { seed: 4, bias: false }), new LeakyReLU(0.2),
            new Linear(7, 4, { seed: 5 }),
          ),
        optimizer: sgd,
        data: blobs(100, 6, 4),
      },
    ],
    [
      'float64 parameters and data',
      {
        model: () => new Sequential(new Linear(5, 9, { seed: 1, dtype: 'float64' }), new ReLU(), new Linear(9, 3, { seed: 2, dtype: 'float64' })),
        optimizer: adam,
        data: blobs(90, 5, 3, 'float64'),
      },
    ],
    [
      'class weights',
      { model: () => new Linear(4, 3, { seed: 1 }), optimizer: adam, data: blobs(120, 4, 3), options: { classWeight: [1, 3, 0.5] } },
    ],
    [
      'products large enough for the WebAssembly kernels, nested Sequentials',
      {
        model: () =>
          new Sequential(new Sequential(new Linear(40, 32, { seed: 1 }), new ReLU()), new Sequential(new Linear(32, 5, { seed: 2 }))),
        optimizer: adam,
        data: blobs(200, 40, 5),
        options: { batchSize: 64 },
      },
    ],
    [
      // 1100 rows of 784 make the first layer's products wasm blocks of 1008 rows: the batch, staged in wasm
      // memory, is then copied per block rather than read in place (the kernel zeroes the bytes after an
      // operand, which in place would be the next block's first values).
      'a batch the wasm kernels take in blocks, one thread',
      {
        model: () => new Sequential(new Linear(784, 256, { seed: 1 }), new ReLU(), new Linear(256, 10, { seed: 2 })),
        optimizer: adam,
        data: blobs(2200, 784, 10),
        options: { batchSize: 1100, epochs: 1, threads: 1 },
      },
    ],
    [
      'sigmoid BCE, one logit',
      { model: () => new Linear(10, 1, { seed: 1 }), optimizer: sgd, data: blobs(130, 10, 2), options: { loss: 'bce' } },
    ],
    [
      'sigmoid BCE under an MLP, with validation and early stopping',
      {
        model: () => new Sequential(new Linear(10, 6, { seed: 1 }), new Tanh(), new Linear(6, 1, { seed: 2 })),
        optimizer: adam,
        data: blobs(130, 10, 2),
        options: { loss: 'bce', validationSplit: 0.2, earlyStopping: { patience: 1 }, epochs: 6 },
      },
    ],
    [
      // A one-output layer's products on float64 (not tiny) run on gemmThin: the fused step reads the shuffled
      // rows in place.
      'one logit on float64 rows read in place, a short last batch',
      {
        model: () => new Linear(12, 1, { seed: 1, dtype: 'float64' }),
        optimizer: sgd,
        data: blobs(300, 12, 2, 'float64'),
        options: { loss: 'bce', batchSize: 64 },
      },
    ],
    [
      // The last batch, 14 rows of 12, is a tiny product, which gathers: the step switches mid-epoch.
      'one logit on float64 rows read in place, then a last batch gathered',
      {
        model: () => new Linear(12, 1, { seed: 1, dtype: 'float64' }),
        optimizer: adam,
        data: blobs(270, 12, 2, 'float64'),
        options: { loss: 'bce', batchSize: 64 },
      },
    ],
    [
      'one logit without a bias, rows read in place in blocks of 200 (600 a batch)',
      {
        model: () => new Sequential(new Linear(9, 1, { seed: 1, dtype: 'float64', bias: false })),
        optimizer: adam,
        data: blobs(1300, 9, 2, 'float64'),
        options: { loss: 'bce', batchSize: 600, epochs: 2 },
      },
    ],
  ];
  test.each(cases)('%s', async (_name, setup) => {
    const { fused, graph } = await trainBothWays(setup);
    expect(fused[1]).toEqual(graph[1]);
    expect(fused[0]).toEqual(graph[0]);
  });

  test('a one-output first layer whose products run on gemmThin reads the rows in place; others gather them', async () => {
    const forward = vi.spyOn(linear, 'linearForwardOfRows');
    const backward = vi.spyOn(linear, 'linearBackwardOfRows');
    try {
      const calls = async (model: Module, data: Dataset, batchSize = 64): Promise<number> => {
        forward.mockClear();
        backward.mockClear();
        await fit(model, data, { optimizer: adam(model), loss: 'bce', epochs: 1, batchSize, seed: 3 });
        expect(backward.mock.calls.length).toBe(forward.mock.calls.length);
        return forward.mock.calls.length;
      };
      expect(await calls(new Linear(12, 1, { seed: 1, dtype: 'float64' }), blobs(300, 12, 2, 'float64'))).toBe(5);
      // float32: on the wasm kernels the batch is gathered into wasm memory instead.
      expect(await calls(new Linear(12, 1, { seed: 1 }), blobs(300, 12, 2))).toBe(kernelBackend() === 'wasm' ? 0 : 5);
      // Tiny products (16 x 12) run on gemmTiny, and a layer with two outputs on gemmThin's other path.
      expect(await calls(new Linear(12, 1, { seed: 1, dtype: 'float64' }), blobs(16, 12, 2, 'float64'))).toBe(0);
      // With one input, gemmThin sums the weight gradient in blocks of its own, which gemm-rows.ts does not follow.
      expect(await calls(new Linear(1, 1, { seed: 1, dtype: 'float64' }), blobs(600, 1, 2, 'float64'), 300)).toBe(0);
      expect(await calls(new Sequential(new Linear(12, 2, { seed: 1, dtype: 'float64' }), new Linear(2, 1, { seed: 2, dtype: 'float64' })), blobs(300, 12, 2, 'float64'))).toBe(0);
    } finally {
      forward.mockRestore();
      backward.mockRestore();
    }
  });
});

describe('FusedStep leaves to the graph what it does not plan for', () => {
  test('a module of a user\'s own, Dropout, a loss function, BCE with class weights, widths that do not chain', () => {
    expect(FusedStep.plan(new Wrapped(new Linear(4, 3)), 'ce', undefined)).toBeNull();
    expect(FusedStep.plan(new Sequential(new Linear(4, 8), new Dropout(0.5), new Linear(8, 3)), 'ce', undefined)).toBeNull();
    expect(FusedStep.plan(new Linear(4, 3), (logits) => logits.sum(), undefined)).toBeNull();
    expect(FusedStep.plan(new Linear(4, 1), 'bce', [1, 2])).toBeNull();
    expect(FusedStep.plan(new Sequential(new Linear(4, 8), new Linear(7, 3)), 'ce', undefined)).toBeNull();
    expect(FusedStep.plan(new Linear(4, 3), 'bce', undefined)).toBeNull();
    expect(FusedStep.plan(new Sequential(new ReLU(), new Linear(4, 3)), 'ce', undefined)).toBeNull();
  });

  test('a layer frozen by a callback mid-training: the graph takes over, with the same bits as a graph-only run', async () => {
    const data = blobs(96, 4, 3);
    const run = async (model: Module, first: Linear): Promise<number[][]> => {
      await fit(model, data, {
        optimizer: adam(model),
        epochs: 3,
        batchSize: 16,
        callbacks: { onEpochEnd: ({ epoch }) => void (epoch === 1 && (first.weight.requiresGrad = false)) },
      });
      return model.parameters().map((p) => Array.from(p.data));
    };
    const make = (): [Sequential, Linear] => {
      const first = new Linear(4, 6, { seed: 1 });
      return [new Sequential(first, new ReLU(), new Linear(6, 3, { seed: 2 })), first];
    };
    const [direct, directFirst] = make();
    const [inner, innerFirst] = make();
    const fused = await run(direct, directFirst);
    expect(fused).toEqual(await run(new Wrapped(inner), innerFirst));
    // The frozen weight kept its epoch-1 value while the others moved on.
    expect(fused[0]).not.toEqual(Array.from(new Linear(4, 6, { seed: 1 }).weight.data));
  });

  test("a Sequential's layers changed without registering: the step follows `layers`, as the graph's forward does", async () => {
    const run = async (wrap: boolean, dtype: 'float32' | 'float64'): Promise<[number[][], boolean]> => {
      const model = new Sequential(new Linear(4, 5, { seed: 1 }), new ReLU(), new Linear(5, 3, { seed: 2 }));
      const swapped = new Linear(5, 3, { seed: 9, dtype });
      swapped.weight.requiresGrad = false;
      (model.layers as Module[])[2] = swapped;
      const outer = wrap ? new Wrapped(model) : model;
      await fit(outer, blobs(64, 4, 3), { optimizer: adam(outer), epochs: 2, batchSize: 16 });
      return [[...outer.parameters(), swapped.weight, swapped.bias!].map((p) => Array.from(p.data)), swapped.weight.grad === null];
    };
    for (const dtype of ['float32', 'float64'] as const) {
      const direct = await run(false, dtype);
      expect(direct).toEqual(await run(true, dtype));
      expect(direct[1]).toBe(true); // the frozen weight got no gradient
    }
  });

  test('the same errors: a class index out of range, a BCE label that is not 0 or 1, divergence', async () => {
    const bad = blobs(40, 4, 3);
    bad.y[21] = 7;
    const message = async (model: Module, data: Dataset, options: Partial<FitOptions> = {}): Promise<string> => {
      const error = await fit(model, data, { optimizer: adam(model), epochs: 2, batchSize: 8, shuffle: false, ...options }).catch((e: Error) => e);
      return `${(error as Error).constructor.name}: ${(error as Error).message}`;
    };
    const ce = await message(new Linear(4, 3, { seed: 1 }), bad);
    expect(ce).toBe('ValueError: softmaxCrossEntropy: target[5] = 7 is outside [0, 3) and is not ignoreIndex (-100)');
    expect(await message(new Wrapped(new Linear(4, 3, { seed: 1 })), bad)).toBe(ce);

    const binary = blobs(40, 4, 2);
    binary.y[3] = 2;
    const bce = await message(new Linear(4, 1, { seed: 1 }), binary, { loss: 'bce' });
    expect(bce).toMatch(/^ValueError: sigmoidBinaryCrossEntropy: targets\[3\] = 2 is outside \[0, 1\]/);
    expect(await message(new Wrapped(new Linear(4, 1, { seed: 1 })), binary, { loss: 'bce' })).toBe(bce);

    const diverging = async (model: Module): Promise<[string, number[]]> => {
      const error = await fit(model, blobs(64, 4, 3), { optimizer: new SGD(model.parameters(), { lr: 1e4 }), epochs: 3, batchSize: 8, divergenceFactor: 5 }).catch((e) => e);
      expect(error).toBeInstanceOf(DivergenceError);
      return [(error as Error).message, Array.from(model.parameters()[0].data)];
    };
    const direct = await diverging(new Linear(4, 3, { seed: 1 }));
    expect(direct).toEqual(await diverging(new Wrapped(new Linear(4, 3, { seed: 1 }))));
  });

  test('data of another dtype than the parameters goes through the graph (which promotes), as before', async () => {
    const data = blobs(48, 4, 3, 'float64');
    const run = async (model: Module): Promise<number[][]> => {
      await fit(model, data, { optimizer: adam(model), epochs: 2, batchSize: 16 });
      return model.parameters().map((p) => Array.from(p.data));
    };
    expect(await run(new Linear(4, 3, { seed: 1 }))).toEqual(await run(new Wrapped(new Linear(4, 3, { seed: 1 }))));
  });
});

describe('FusedStep in a fresh process, where products grow wasm memory during the step', () => {
  // wasm memory starts at 16 MiB; the second layer's 17 MB weight makes its first product grow it after the first
  // layer's batch is staged and before that layer's weight gradient reads it (growth detaches the staged view).
  // The built package, as a user imports it; both runs in the same fresh process, fused first. V8 reports the
  // detach (--trace-protector-invalidation), which shows the growth happened during the fused run's first step.
  test.skipIf(process.env.SOFTGRAD_KERNELS === 'js')('an MLP whose later products grow wasm memory: the same bits as the graph', () => {
    const script = `
      import { Adam, Linear, Module, ReLU, Sequential, Tensor, fit } from ${JSON.stringify(new URL('../dist/softgrad.js', import.meta.url).href)};
      class Wrapped extends Module {
        constructor(inner) { super(); this.inner = inner; this.registerModule('inner', inner); }
        forward(x) { return this.inner.forward(x); }
      }
      const n = 64, d = 20, x = new Float32Array(n * d), y = new Int32Array(n);
      for (let i = 0; i < n; i++) { y[i] = i % 10; for (let j = 0; j < d; j++) x[i * d + j] = Math.sin(i * 7 + j * 3) + (j === y[i] ? 1 : 0); }
      const data = { x: new Tensor(x, [n, d]), y, classes: Array.from({ length: 10 }, (_, c) => String(c)), featureNames: [], labelName: 'y' };
      const make = () => new Sequential(new Linear(d, 2100, { seed: 1 }), new ReLU(), new Linear(2100, 2048, { seed: 2 }), new ReLU(), new Linear(2048, 10, { seed: 3 }));
      const weights = async (model) => {
        console.log('RUN');
        await fit(model, data, { optimizer: new Adam(model.parameters(), { lr: 0.01 }), epochs: 2, batchSize: 32, threads: 1 });
        return model.parameters().map((p) => Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength).toString('base64'));
      };
      const fused = await weights(make());
      const graph = await weights(new Wrapped(make()));
      console.log(JSON.stringify({ same: JSON.stringify(fused) === JSON.stringify(graph) }));
    `;
    const result = spawnSync(process.execPath, ['--trace-protector-invalidation', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, SOFTGRAD_THREADS: '1' },
    });
    expect(result.stderr).toBe('');
    const lines = result.stdout.trim().split('\n');
    // The detach comes during the first (fused) run: between the two RUN lines.
    const detached = lines.findIndex((line) => line.includes('ArrayBufferDetaching'));
    expect(lines.indexOf('RUN')).toBe(0);
    expect(detached).toBeGreaterThan(0);
    expect(detached).toBeLessThan(lines.lastIndexOf('RUN'));
    expect(JSON.parse(lines[lines.length - 1])).toEqual({ same: true });
  });
});
