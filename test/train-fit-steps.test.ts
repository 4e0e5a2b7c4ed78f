// fit against a user's loop of the same steps, models that keep tensors, and fit's `threads` option: none may change a bit.
import { describe, test, expect } from 'vitest';
import {
  Adam, Linear, Module, ReLU, SGD, Sequential, ValueError, batches, fit, getNumThreads, mean,
  setNumThreads, sigmoidBinaryCrossEntropy, softmaxCrossEntropy, Tensor, type Dataset, type Optimizer,
} from '../src/index.js';
import { irisSplit } from './helpers/iris.js';

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

describe('fit takes the steps a loop of the user takes', () => {
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

  test('with eager, tensors a model keeps from step to step are never overwritten by later steps', async () => {
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
    await fit(m, train, { optimizer: new Adam(m.parameters(), { lr: 0.01 }), epochs: 3, batchSize: 16, eager: true });
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
