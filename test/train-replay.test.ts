// fit's recorded steps against the graph they are recorded from: the same weights, losses and errors, bit for bit.
import fc from 'fast-check';
import { describe, test, expect, vi } from 'vitest';
import {
  Adam, DivergenceError, Dropout, LeakyReLU, Linear, Module, ReLU, SGD, Sequential, Sigmoid, Tanh, Tensor, add, dropout, exp, fit,
  linear, logSoftmax, makeRng, mean, mseLoss, noGrad, relu, sigmoid, sigmoidBinaryCrossEntropy, softmax, softmaxCrossEntropy, sum, tanh, tensor,
  type Dataset, type FitOptions, type History, type Optimizer,
} from '../src/index.js';
import { recordingOps } from '../src/tensor/grad-mode.js';
import { RecordedStep } from '../src/tensor/recorded-step.js';

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

/** Two branches of the input, gated and shifted: a model of the user's own, which no Sequential expresses. */
class Gated extends Module {
  readonly a = this.registerModule('a', new Linear(4, 12, { seed: 1 }));
  readonly b = this.registerModule('b', new Linear(4, 12, { seed: 2 }));
  readonly out = this.registerModule('out', new Linear(12, 3, { seed: 3 }));
  forward(x: Tensor): Tensor {
    return this.out.forward(relu(this.a.forward(x)).mul(sigmoid(this.b.forward(x))).add(0.5));
  }
}

type Setup = { model: () => Module; optimizer: (m: Module) => Optimizer; data: Dataset; options?: Partial<FitOptions> };
type Trained = { history: History; weights: number[][]; replays: number };

async function train(setup: Setup, eager: boolean): Promise<Trained> {
  const model = setup.model();
  const runs = vi.spyOn(RecordedStep.prototype, 'run');
  try {
    const history = await fit(model, setup.data, { optimizer: setup.optimizer(model), epochs: 4, batchSize: 16, seed: 3, eager, ...setup.options });
    return { history, weights: model.parameters().map((p) => Array.from(p.data)), replays: runs.mock.calls.length };
  } finally {
    runs.mockRestore();
  }
}

const adam = (m: Module): Optimizer => new Adam(m.parameters(), { lr: 0.01 });
const sgd = (m: Module): Optimizer => new SGD(m.parameters(), { lr: 0.1, momentum: 0.9 });

describe('a replayed step gives what the graph gives, bit for bit', () => {
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
    ['cross-entropy with class weights', { model: () => new Linear(4, 3, { seed: 1 }), optimizer: adam, data: blobs(120, 4, 3), options: { classWeight: [1, 3, 0.5] } }],
    [
      'sigmoid BCE with class weights, which follow each batch',
      { model: () => new Linear(10, 1, { seed: 1 }), optimizer: sgd, data: blobs(130, 10, 2), options: { loss: 'bce', classWeight: [1, 4] } },
    ],
    [
      'dropout between layers',
      {
        model: () => new Sequential(new Linear(4, 32, { seed: 1 }), new ReLU(), new Dropout(0.3, { seed: 7 }), new Linear(32, 3, { seed: 2 })),
        optimizer: adam,
        data: blobs(120, 4, 3),
      },
    ],
    [
      'two dropouts drawing from one random stream, one after the other',
      {
        model: () => {
          const rng = makeRng(5);
          return new Sequential(new Linear(4, 16, { seed: 1 }), new Dropout(0.2, { seed: rng }), new Tanh(), new Dropout(0.4, { seed: rng }), new Linear(16, 3, { seed: 2 }));
        },
        optimizer: adam,
        data: blobs(96, 4, 3),
      },
    ],
    ['a module of the user: two branches, an elementwise gate, a constant', { model: () => new Gated(), optimizer: adam, data: blobs(120, 4, 3) }],
    [
      'a loss function of the user with label smoothing',
      { model: () => new Linear(4, 3, { seed: 1 }), optimizer: adam, data: blobs(120, 4, 3), options: { loss: (z, y) => softmaxCrossEntropy(z, y, { labelSmoothing: 0.1 }) } },
    ],
    [
      'an input normalised inside the model (ops on the batch alone, before any parameter)',
      {
        model: () => {
          const inner = new Sequential(new ReLU(), new Linear(4, 3, { seed: 1 }));
          const shift = tensor([0.1, -0.2, 0.3, 0]);
          return new (class extends Module {
            readonly inner = this.registerModule('inner', inner);
            forward(x: Tensor): Tensor {
              return this.inner.forward(x.sub(shift).mul(2));
            }
          })();
        },
        optimizer: adam,
        data: blobs(100, 4, 3),
      },
    ],
    [
      'products large enough for the WebAssembly kernels, nested Sequentials',
      {
        model: () => new Sequential(new Sequential(new Linear(40, 32, { seed: 1 }), new ReLU()), new Sequential(new Linear(32, 5, { seed: 2 }))),
        optimizer: adam,
        data: blobs(200, 40, 5),
        options: { batchSize: 64 },
      },
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
    ['unshuffled batches', { model: () => new Linear(4, 3, { seed: 1 }), optimizer: sgd, data: blobs(70, 4, 3), options: { shuffle: false } }],
    [
      'linear() with no bias, in a module of the user',
      {
        model: () => {
          const w = tensor(Float32Array.from({ length: 12 }, (_, i) => Math.sin(i)), { shape: [3, 4] });
          return new (class extends Module {
            readonly weight = this.registerParameter('weight', w);
            forward(x: Tensor): Tensor {
              return linear(x, this.weight);
            }
          })();
        },
        optimizer: adam,
        data: blobs(100, 4, 3),
      },
    ],
    [
      'a loss with reduction none and an ignored class, summed',
      { model: () => new Linear(4, 3, { seed: 1 }), optimizer: adam, data: blobs(96, 4, 3), options: { loss: (z, y) => sum(softmaxCrossEntropy(z, y, { ignoreIndex: 0, reduction: 'none' })) } },
    ],
    [
      'a loss weight computed from a parameter (read, never differentiated)',
      (() => {
        let scale = tensor([0]);
        return {
          model: () => {
            scale = tensor([0.5, 1, 2], { requiresGrad: true });
            const weighted = scale;
            return new (class extends Module {
              readonly inner = this.registerModule('inner', new Linear(4, 3, { seed: 1 }));
              readonly scale = this.registerParameter('scale', weighted);
              forward(x: Tensor): Tensor {
                return this.inner.forward(x);
              }
            })();
          },
          optimizer: (m: Module) => new SGD(m.parameters(), { lr: 0.1, momentum: 0.9, weightDecay: 0.01 }),
          data: blobs(96, 4, 3),
          options: { loss: (z: Tensor, y: Int32Array) => softmaxCrossEntropy(z, y, { weight: scale.exp() }) },
        };
      })(),
    ],
  ];
  cases.push(
    ['a tensor the model computes once and keeps (a constant from the second step on)', { model: () => {
      let kept: Tensor | null = null;
      return new (class extends Module {
        readonly l = this.registerModule('l', new Linear(4, 3, { seed: 1 }));
        forward(x: Tensor): Tensor {
          kept ??= mean(x, { axis: 0 });
          return this.l.forward(x).add(kept.sum());
        }
      })();
    }, optimizer: adam, data: blobs(64, 4, 3) }],
    ['noise drawn in noGrad inside the model', { model: () => {
      const rng = makeRng(5);
      return new (class extends Module {
        readonly l = this.registerModule('l', new Linear(4, 3, { seed: 1 }));
        forward(x: Tensor): Tensor {
          return this.l.forward(noGrad(() => dropout(x, 0.2, rng)));
        }
      })();
    }, optimizer: adam, data: blobs(64, 4, 3) }],
  );
  test.each(cases)('%s', async (_name, setup) => {
    const replayed = await train(setup, false);
    const graph = await train(setup, true);
    expect(graph.replays).toBe(0);
    expect(replayed.weights).toEqual(graph.weights);
    expect(replayed.history).toEqual(graph.history);
    // Every step replays but the first two on each batch size (the last one of an epoch may be smaller).
    expect(replayed.replays).toBeGreaterThan(replayed.history.epochs.length * 2);
  });

  test('a weight tensor that requires grad does not make the loss require grad (a typed error, as before)', () => {
    const w = tensor([1, 2, 3], { requiresGrad: true });
    const loss = softmaxCrossEntropy(tensor([[1, 2, 3]]), [0], { weight: w.exp() });
    expect(loss.requiresGrad).toBe(false);
    expect(() => loss.backward()).toThrow(/does not require grad/);
  });

  test('forward() runs only while a step is recorded, every step with eager', async () => {
    const calls = { replay: 0, eager: 0 };
    for (const eager of [false, true]) {
      const model = new Gated();
      const forward = model.forward.bind(model);
      model.forward = (x: Tensor): Tensor => (calls[eager ? 'eager' : 'replay']++, forward(x));
      await fit(model, blobs(64, 4, 3), { optimizer: adam(model), epochs: 3, batchSize: 16, eager });
    }
    expect(calls).toEqual({ replay: 2, eager: 12 });
  });
});

describe('the graph is built again when the recording no longer holds', () => {
  test('a layer frozen by a callback mid-training: recorded again, with the same bits as the graph', async () => {
    const make = (): Setup => {
      const first = new Linear(4, 6, { seed: 1 });
      const model = new Sequential(first, new ReLU(), new Linear(6, 3, { seed: 2 }));
      return {
        model: () => model,
        optimizer: adam,
        data: blobs(96, 4, 3),
        options: { epochs: 3, callbacks: { onEpochEnd: ({ epoch }) => void (epoch === 1 && (first.weight.requiresGrad = false)) } },
      };
    };
    const replayed = await train(make(), false);
    const graph = await train(make(), true);
    expect(replayed.weights).toEqual(graph.weights);
    // Epoch 1: two steps recorded, four replayed; epochs 2 and 3: two recorded again, ten replayed.
    expect(replayed.replays).toBe(4 + 10);
    expect(replayed.weights[0]).not.toEqual(Array.from(new Linear(4, 6, { seed: 1 }).weight.data));
  });

  test('a module put in eval mode by a callback: its dropout stops, as in the graph', async () => {
    const make = (): Setup => {
      const model = new Sequential(new Linear(4, 16, { seed: 1 }), new Dropout(0.5, { seed: 2 }), new Linear(16, 3, { seed: 3 }));
      return { model: () => model, optimizer: adam, data: blobs(96, 4, 3), options: { callbacks: { onBatchEnd: ({ batch }) => void (batch === 4 && model.layers[1].eval()) } } };
    };
    const replayed = await train(make(), false);
    expect(replayed.weights).toEqual((await train(make(), true)).weights);
  });

  test.each([
    ['a constant tensor made anew in each forward', { model: () => new (class extends Module {
      readonly l = this.registerModule('l', new Linear(4, 3, { seed: 1 }));
      forward(x: Tensor): Tensor {
        return this.l.forward(x).mul(tensor([1, 2, 3]));
      }
    })(), options: {} }],
    ['a loss function that copies the labels each step', { model: () => new Linear(4, 3, { seed: 1 }), options: { loss: (z: Tensor, y: Int32Array) => softmaxCrossEntropy(z, Array.from(y)) } }],
    ['a number that changes every step', { model: () => {
      let step = 0;
      return new (class extends Module {
        readonly l = this.registerModule('l', new Linear(4, 3, { seed: 1 }));
        forward(x: Tensor): Tensor {
          return this.l.forward(x).mul(1 + 0.01 * step++);
        }
      })();
    }, options: {} }],
    ['a tensor that requires grad, kept from an earlier step and read in noGrad', { model: () => new (class extends Module {
      readonly l = this.registerModule('l', new Linear(4, 3, { seed: 1 }));
      shift: Tensor | null = null;
      forward(x: Tensor): Tensor {
        this.shift ??= this.l.bias!.mul(2);
        return this.l.forward(x).add(noGrad(() => this.shift!.mul(1)));
      }
    })(), options: {} }],
    ['a running mean updated in noGrad, which the loss does not use', { model: () => new (class extends Module {
      readonly l = this.registerModule('l', new Linear(4, 3, { seed: 1 }));
      mu: Tensor | null = null;
      forward(x: Tensor): Tensor {
        const m = noGrad(() => mean(x, { axis: 0 }));
        this.mu = this.mu === null ? m : noGrad(() => this.mu!.mul(0.9).add(m.mul(0.1)));
        return this.training ? this.l.forward(x) : this.l.forward(x.sub(this.mu));
      }
    })(), options: { validationSplit: 0.25 } }],
    ['a dropout on an output the loss does not read (its draws would be skipped)', { model: () => new (class extends Module {
      readonly l = this.registerModule('l', new Linear(4, 8, { seed: 1 }));
      readonly drop = this.registerModule('drop', new Dropout(0.5, { seed: 2 }));
      readonly out = this.registerModule('out', new Linear(8, 3, { seed: 3 }));
      features: Tensor | null = null;
      forward(x: Tensor): Tensor {
        const h = relu(this.l.forward(x));
        this.features = this.drop.forward(h);
        return this.out.forward(this.drop.forward(h));
      }
    })(), options: {} }],
    ['two dropouts on parallel branches drawing from one stream', { model: () => {
      const rng = makeRng(3);
      return new (class extends Module {
        readonly a = this.registerModule('a', new Linear(4, 3, { seed: 1 }));
        readonly b = this.registerModule('b', new Linear(4, 3, { seed: 2 }));
        forward(x: Tensor): Tensor {
          const right = dropout(this.b.forward(x), 0.3, rng);
          return add(dropout(this.a.forward(x), 0.3, rng), right);
        }
      })();
    }, options: {} }],
  ] as const)('%s: never replayed, the same bits as the graph', async (_name, { model, options }) => {
    const setup: Setup = { model: model as () => Module, optimizer: adam, data: blobs(64, 4, 3), options: options as Partial<FitOptions> };
    const replayed = await train(setup, false);
    const graph = await train(setup, true);
    expect(replayed.replays).toBe(0);
    expect(replayed.weights).toEqual(graph.weights);
    expect(replayed.history).toEqual(graph.history);
  });
});

test('a running mean the model keeps links no step to the next, as in the graph', async () => {
  const models: Module[] = [];
  const setup: Setup = { model: () => {
    const model = new (class extends Module {
      readonly l = this.registerModule('l', new Linear(4, 3, { seed: 1 }));
      mu: Tensor | null = null;
      forward(x: Tensor): Tensor {
        const m = mean(x, { axis: 0 });
        this.mu = this.mu === null ? m : this.mu.mul(0.9).add(m.mul(0.1));
        return this.l.forward(x.sub(this.mu));
      }
    })();
    models.push(model);
    return model;
  }, optimizer: adam, data: blobs(64, 4, 3) };
  expect((await train(setup, false)).weights).toEqual((await train(setup, true)).weights);
  // Every step's mean would otherwise hold the one before it, and each recording walk them all.
  expect((models[0] as Module & { mu: Tensor }).mu.parents).toBeNull();
});

describe('a replayed step fails as the graph does', () => {
  const message = async (model: Module, data: Dataset, options: Partial<FitOptions> = {}): Promise<string> => {
    const error = await fit(model, data, { optimizer: adam(model), epochs: 2, batchSize: 8, shuffle: false, ...options }).catch((e: Error) => e);
    return `${(error as Error).constructor.name}: ${(error as Error).message}`;
  };
  test('a class index out of range, a BCE label that is not 0 or 1, in a batch after the recording', async () => {
    const bad = blobs(48, 4, 3);
    bad.y[45] = 7;
    const ce = await message(new Linear(4, 3, { seed: 1 }), bad);
    expect(ce).toBe('ValueError: softmaxCrossEntropy: target[5] = 7 is outside [0, 3) and is not ignoreIndex (-100)');
    expect(await message(new Linear(4, 3, { seed: 1 }), bad, { eager: true })).toBe(ce);

    const binary = blobs(48, 4, 2);
    binary.y[43] = 2;
    const bce = await message(new Linear(4, 1, { seed: 1 }), binary, { loss: 'bce' });
    expect(bce).toMatch(/^ValueError: sigmoidBinaryCrossEntropy: targets\[3\] = 2 is outside \[0, 1\]/);
    expect(await message(new Linear(4, 1, { seed: 1 }), binary, { loss: 'bce', eager: true })).toBe(bce);
  });

  test('divergence: the same error and the same weights put back', async () => {
    const diverging = async (eager: boolean): Promise<[string, number[]]> => {
      const model = new Linear(4, 3, { seed: 1 });
      const error = await fit(model, blobs(64, 4, 3), { optimizer: new SGD(model.parameters(), { lr: 1e4 }), epochs: 3, batchSize: 8, divergenceFactor: 5, eager }).catch((e) => e);
      expect(error).toBeInstanceOf(DivergenceError);
      return [(error as Error).message, Array.from(model.parameters()[0].data)];
    };
    expect(await diverging(false)).toEqual(await diverging(true));
  });
});

describe('RecordedStep', () => {
  // Random small graphs of softgrad's ops over two parameters and a constant: run again after the parameters
  // move, a recording must give the loss and gradients a new graph gives.
  const unary = [relu, sigmoid, tanh, exp, (t: Tensor) => t.mul(0.5), (t: Tensor) => logSoftmax(t), (t: Tensor) => softmax(t)];
  const binary = [(a: Tensor, b: Tensor) => a.add(b), (a: Tensor, b: Tensor) => a.mul(b), (a: Tensor, b: Tensor) => a.sub(b.mul(0.25))];
  const program = fc.array(fc.tuple(fc.nat(unary.length - 1), fc.nat(binary.length - 1), fc.nat(5), fc.nat(5)), { minLength: 1, maxLength: 6 });
  test('run and backward equal a new graph, for random graphs of ops', () => {
    fc.assert(
      fc.property(program, fc.boolean(), fc.boolean(), (steps, useMse, useBias) => {
        const w = tensor(Float64Array.from({ length: 12 }, (_, i) => Math.sin(i)), { shape: [3, 4], requiresGrad: true });
        const b = tensor(Float64Array.from({ length: 3 }, (_, i) => Math.cos(i)), { requiresGrad: true });
        const x = tensor(Float64Array.from({ length: 20 }, (_, i) => Math.sin(3 * i)), { shape: [5, 4] });
        const labels = Int32Array.from([0, 1, 2, 1, 0]);
        const build = (): Tensor => {
          const values = [linear(x, w, useBias ? b : undefined)];
          for (const [u, bin, i, j] of steps) values.push(binary[bin](unary[u](values[i % values.length]), values[j % values.length]));
          const last = values[values.length - 1];
          return useMse ? mseLoss(last, tensor(new Float64Array(15), { shape: [5, 3] })) : sum(softmaxCrossEntropy(last, labels, { reduction: 'none' })).add(mean(last));
        };
        const gradients = (): (number[] | null)[] => [w, b].map((p) => (p.grad === null ? null : Array.from(p.grad.data)));
        // Values the loss does not use would stop fit from replaying (see below); the runs themselves are tested here.
        const recorded = RecordedStep.record(build(), [])!;
        expect(recorded).not.toBeNull();
        for (const p of [w, b]) for (let i = 0; i < p.size; i++) p.data[i] += 0.1 * Math.cos(i);
        w.grad = b.grad = null;
        const fresh = build();
        fresh.backward();
        const want = [fresh.item(), ...gradients()];
        w.grad = b.grad = null;
        recorded.run();
        recorded.backward();
        expect([recorded.loss.item(), ...gradients()]).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  test('two recordings match only with the same ops, leaves, arrays and numbers', () => {
    const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const x = tensor([[1, 0], [0, 1]]);
    const y = Int32Array.from([0, 1]);
    const record = (scale: number, input = x, labels = y): RecordedStep =>
      RecordedStep.record(...recordingOps(() => softmaxCrossEntropy(input.matmul(w).mul(scale), labels)))!;
    expect(record(2).matches(record(2))).toBe(true);
    expect(record(2).matches(record(3))).toBe(false);
    expect(record(2).matches(record(2, tensor([[1, 0], [0, 1]])))).toBe(false);
    expect(record(2).matches(record(2, x, Int32Array.from([0, 1])))).toBe(false);
    const frozen = record(2);
    w.requiresGrad = false;
    expect(frozen.canRun()).toBe(false);
    expect(RecordedStep.record(tensor([1]), [])).toBeNull();
  });
});
