// fit's reuse of the backward's scratch arrays (StepBuffers) and its `threads` option: neither may change a single bit.
import { describe, test, expect } from 'vitest';
import {
  Adam, Dropout, LeakyReLU, Linear, Module, ReLU, SGD, Sequential, Sigmoid, Tanh, ValueError, batches, fit, getNumThreads, mean,
  setNumThreads, sigmoidBinaryCrossEntropy, softmaxCrossEntropy, Tensor, type Dataset, type Optimizer,
} from '../src/index.js';
import { StepBuffers, outputArray, scratch, useStepBuffers } from '../src/tensor/step-buffers.js';
import { keepsNoTensors } from '../src/layers/keeps-no-tensors.js';
import { irisSplit } from './helpers/iris.js';

describe('StepBuffers', () => {
  test('hands out distinct zeroed arrays within a step and the same ones again after recycle()', () => {
    const buffers = new StepBuffers();
    const outer = useStepBuffers(buffers);
    try {
      const a = scratch('float32', 8);
      const b = scratch('float32', 8);
      const c = scratch('float64', 8);
      expect(a).not.toBe(b);
      expect(c).toBeInstanceOf(Float64Array);
      a.fill(7);
      b.fill(7);
      buffers.recycle();
      const a2 = scratch('float32', 8);
      const b2 = scratch('float32', 8);
      expect(a2).toBe(a);
      expect(b2).toBe(b);
      expect([...a2, ...b2].every((v) => v === 0)).toBe(true);
      // A third array of that size is new; the pool holds 3 x 32 + 64 bytes.
      expect(scratch('float32', 8)).not.toBe(a);
      expect(buffers.bytes).toBe(3 * 32 + 64);
    } finally {
      useStepBuffers(outer);
    }
    // Outside a step, arrays are plain allocations again.
    const fresh = scratch('float32', 8);
    expect(buffers.bytes).toBe(3 * 32 + 64);
    expect(fresh.length).toBe(8);
  });
});

describe('which models get reused output arrays', () => {
  test('outputArray is pooled only by StepBuffers made for outputs', () => {
    for (const forOutputs of [false, true]) {
      const buffers = new StepBuffers(forOutputs);
      const outer = useStepBuffers(buffers);
      try {
        const first = outputArray('float32', 4);
        buffers.recycle();
        expect(outputArray('float32', 4) === first).toBe(forOutputs);
      } finally {
        useStepBuffers(outer);
      }
    }
  });

  class Keeping extends Linear {
    kept: Tensor[] = [];
    override forward(x: Tensor): Tensor {
      const y = super.forward(x);
      this.kept.push(y);
      return y;
    }
  }
  class Custom extends Module {
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  test.each([
    ['a Sequential of every built-in layer', () => new Sequential(new Linear(4, 8), new ReLU(), new Sigmoid(), new Tanh(), new LeakyReLU(), new Dropout(0.1), new Linear(8, 3)), true],
    ['a bare Linear', () => new Linear(4, 3), true],
    ['a nested Sequential of built-ins', () => new Sequential(new Sequential(new Linear(4, 3)), new ReLU()), true],
    ['a subclass of Linear (it may keep anything)', () => new Keeping(4, 3), false],
    ['a module of the user', () => new Custom(), false],
    ['a Sequential holding a user module', () => new Sequential(new Linear(4, 3), new Custom()), false],
    ['a Linear whose forward was replaced on the instance', () => {
      const l = new Linear(4, 3);
      l.forward = (x: Tensor): Tensor => x;
      return l;
    }, false],
    ['a Sequential whose layers array got a user module unregistered', () => {
      const s = new Sequential(new Linear(4, 3));
      (s.layers as Module[]).push(new Custom());
      return s;
    }, false],
  ] as const)('%s: %s', (_name, make, expected) => {
    expect(keepsNoTensors(make())).toBe(expected);
  });

  test('a subclass of Linear that keeps its outputs finds them intact after fit', async () => {
    const { train } = await irisSplit();
    const m = new Keeping(4, 3, { seed: 0 });
    const values: number[][] = [];
    const original = m.forward.bind(m);
    m.forward = (x: Tensor): Tensor => {
      const y = original(x);
      values.push(Array.from(y.data));
      return y;
    };
    await fit(m, train, { optimizer: new SGD(m.parameters(), { lr: 0.1 }), epochs: 2, batchSize: 16 });
    expect(m.kept.map((t) => Array.from(t.data))).toEqual(values);
  });
});

/** The same training as fit does, written as a user's loop, with nothing reused between steps. */
async function userLoop(model: Module, optimizer: Optimizer, data: Dataset, loss: 'ce' | 'bce', epochs: number, batchSize: number): Promise<void> {
  const loader = batches(data, { batchSize, seed: 0 });
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const { x, y } of loader) {
      optimizer.zeroGrad();
      const logits = model.forward(x);
      const value = loss === 'ce' ? softmaxCrossEntropy(logits, y) : sigmoidBinaryCrossEntropy(logits, y);
      value.backward();
      optimizer.step();
    }
  }
}

const mlp = (): Sequential => new Sequential(new Linear(4, 16, { seed: 1 }), new ReLU(), new Linear(16, 3, { seed: 2 }));
const weights = (m: Module): number[][] => m.parameters().map((p) => Array.from(p.data));

describe('fit reuses the arrays of each step', () => {
  test('an MLP trained by fit has bit for bit the weights of the same steps in a plain loop (Adam, last batch smaller)', async () => {
    const { train } = await irisSplit();
    const byFit = mlp();
    await fit(byFit, train, { optimizer: new Adam(byFit.parameters(), { lr: 0.01 }), epochs: 5, batchSize: 16 });
    const byLoop = mlp();
    await userLoop(byLoop, new Adam(byLoop.parameters(), { lr: 0.01 }), train, 'ce', 5, 16);
    expect(weights(byFit)).toEqual(weights(byLoop));
  });

  test('logistic regression (bce, SGD) trained by fit equals the plain loop bit for bit', async () => {
    const { train } = await irisSplit();
    // Two classes: setosa against the rest.
    const binary: Dataset = { ...train, y: train.y.map((c) => (c === 0 ? 1 : 0)), classes: ['other', 'setosa'] };
    const byFit = new Sequential(new Linear(4, 1, { seed: 3 }));
    await fit(byFit, binary, { optimizer: new SGD(byFit.parameters(), { lr: 0.1, momentum: 0.9 }), loss: 'bce', epochs: 4, batchSize: 32 });
    const byLoop = new Sequential(new Linear(4, 1, { seed: 3 }));
    await userLoop(byLoop, new SGD(byLoop.parameters(), { lr: 0.1, momentum: 0.9 }), binary, 'bce', 4, 32);
    expect(weights(byFit)).toEqual(weights(byLoop));
  });

  test('parameters, their gradients and optimizer state never come from the reused buffers', async () => {
    const { train } = await irisSplit();
    const m = mlp();
    const optimizer = new Adam(m.parameters(), { lr: 0.01 });
    const buffers = new StepBuffers();
    const outer = useStepBuffers(buffers);
    try {
      const x = new Tensor(train.x.data.slice(0, 16 * 4), [16, 4]);
      optimizer.zeroGrad();
      softmaxCrossEntropy(m.forward(x), train.y.subarray(0, 16)).backward();
      optimizer.step();
      const before = { weights: weights(m), grads: m.parameters().map((p) => Array.from(p.grad!.data)), state: JSON.stringify(optimizer.stateDict()) };
      // The next step may overwrite every intermediate array, of every size a parameter has.
      buffers.recycle();
      for (const p of m.parameters()) for (let i = 0; i < 20; i++) scratch(p.dtype, p.size).fill(7);
      expect(weights(m)).toEqual(before.weights);
      expect(m.parameters().map((p) => Array.from(p.grad!.data))).toEqual(before.grads);
      expect(JSON.stringify(optimizer.stateDict())).toBe(before.state);
    } finally {
      useStepBuffers(outer);
    }
  });

  test('tensors a model keeps from step to step are never overwritten by later steps', async () => {
    // A model that keeps every output and the mean of every batch it saw, as a model keeping statistics would.
    class Keeping extends Module {
      readonly inner = mlp();
      readonly kept: { tensor: Tensor; values: number[] }[] = [];
      constructor() {
        super();
        this.registerModule('inner', this.inner);
      }
      forward(x: Tensor): Tensor {
        const out = this.inner.forward(x);
        for (const t of [out, mean(x, { axis: 0 })]) this.kept.push({ tensor: t, values: Array.from(t.data) });
        return out;
      }
    }
    const { train } = await irisSplit();
    const m = new Keeping();
    await fit(m, train, { optimizer: new Adam(m.parameters(), { lr: 0.01 }), epochs: 3, batchSize: 16 });
    expect(m.kept.length).toBe(2 * 3 * 7);
    for (const { tensor, values } of m.kept) expect(Array.from(tensor.data)).toEqual(values);
  });

  test('a tensor computed in a callback after a step is not overwritten by the next step', async () => {
    const { train } = await irisSplit();
    const m = mlp();
    const kept: { tensor: Tensor; values: number[] }[] = [];
    await fit(m, train, {
      optimizer: new Adam(m.parameters(), { lr: 0.01 }),
      epochs: 2,
      batchSize: 32,
      callbacks: {
        onBatchEnd: () => {
          const out = m.forward(new Tensor(new Float32Array([1, 2, 3, 4]), [1, 4]));
          kept.push({ tensor: out, values: Array.from(out.data) });
        },
      },
    });
    for (const { tensor, values } of kept) expect(Array.from(tensor.data)).toEqual(values);
  });
});

describe('fit threads option', () => {
  test("applies to fit's own steps only: callbacks and concurrent fits keep their setting; weights do not depend on it", async () => {
    const { train } = await irisSplit();
    setNumThreads(3);
    // The loss function runs inside a step; onEpochEnd outside.
    const train1 = async (threads: number | 'auto', inSteps: number[], inCallbacks: number[]): Promise<number[][]> => {
      const m = mlp();
      await fit(m, train, {
        optimizer: new Adam(m.parameters(), { lr: 0.01 }),
        epochs: 3,
        threads,
        loss: (logits, y) => {
          inSteps.push(getNumThreads());
          return softmaxCrossEntropy(logits, y);
        },
        // Async, so each fit awaits it and the other one runs meanwhile.
        callbacks: { onEpochEnd: async () => void inCallbacks.push(getNumThreads()) },
      });
      return weights(m);
    };
    const [stepsA, stepsB, callbacksA, callbacksB]: number[][] = [[], [], [], []];
    // Both run at once: each awaits between epochs, where the other one runs.
    const [a, b] = await Promise.all([train1(1, stepsA, callbacksA), train1(2, stepsB, callbacksB)]);
    const auto: number[] = [];
    const c = await train1('auto', auto, []);
    expect(getNumThreads()).toBe(3);
    setNumThreads('auto');
    expect(new Set(stepsA)).toEqual(new Set([1]));
    expect(new Set(stepsB)).toEqual(new Set([2]));
    expect(new Set(auto)).toEqual(new Set([getNumThreads()]));
    expect([...callbacksA, ...callbacksB]).toEqual([3, 3, 3, 3, 3, 3]);
    // Iris's products are far below the size that uses a second thread: the bit-identity of threaded products
    // themselves is tested in threads-gemm.test.ts; here, that the option changes nothing else.
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  test('rejects a thread count that is not a positive integer or auto, before training', async () => {
    const { train } = await irisSplit();
    const m = mlp();
    const before = weights(m);
    await expect(fit(m, train, { optimizer: new SGD(m.parameters(), { lr: 0.1 }), threads: 0 })).rejects.toThrow(ValueError);
    await expect(fit(m, train, { optimizer: new SGD(m.parameters(), { lr: 0.1 }), threads: 1.5 })).rejects.toThrow(
      "fit: threads must be a positive integer or 'auto', got 1.5",
    );
    expect(weights(m)).toEqual(before);
  });
});
