// fit's reuse of each step's arrays (StepBuffers) and its `threads` option: neither may change a single bit.
import { describe, test, expect } from 'vitest';
import {
  Adam, Linear, ReLU, SGD, Sequential, ValueError, batches, fit, getNumThreads, setNumThreads, sigmoidBinaryCrossEntropy,
  softmaxCrossEntropy, Tensor, type Dataset, type Module, type Optimizer,
} from '../src/index.js';
import { StepBuffers, intermediate, useStepBuffers } from '../src/tensor/step-buffers.js';
import { irisSplit } from './helpers/iris.js';

describe('StepBuffers', () => {
  test('hands out distinct zeroed arrays within a step and the same ones again after recycle()', () => {
    const buffers = new StepBuffers();
    const outer = useStepBuffers(buffers);
    try {
      const a = intermediate('float32', 8);
      const b = intermediate('float32', 8);
      const c = intermediate('float64', 8);
      expect(a).not.toBe(b);
      expect(c).toBeInstanceOf(Float64Array);
      a.fill(7);
      b.fill(7);
      buffers.recycle();
      const a2 = intermediate('float32', 8);
      const b2 = intermediate('float32', 8);
      expect(a2).toBe(a);
      expect(b2).toBe(b);
      expect([...a2, ...b2].every((v) => v === 0)).toBe(true);
      // A third array of that size is new; the pool holds 3 x 32 + 64 bytes.
      expect(intermediate('float32', 8)).not.toBe(a);
      expect(buffers.bytes).toBe(3 * 32 + 64);
    } finally {
      useStepBuffers(outer);
    }
    // Outside a step, arrays are plain allocations again.
    const fresh = intermediate('float32', 8);
    expect(buffers.bytes).toBe(3 * 32 + 64);
    expect(fresh.length).toBe(8);
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
      for (const p of m.parameters()) for (let i = 0; i < 20; i++) intermediate(p.dtype, p.size).fill(7);
      expect(weights(m)).toEqual(before.weights);
      expect(m.parameters().map((p) => Array.from(p.grad!.data))).toEqual(before.grads);
      expect(JSON.stringify(optimizer.stateDict())).toBe(before.state);
    } finally {
      useStepBuffers(outer);
    }
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
  test('sets the thread count during training only, and the weights do not depend on it', async () => {
    const { train } = await irisSplit();
    setNumThreads(3);
    const seen: number[] = [];
    const results: number[][][] = [];
    for (const threads of [1, 2, 'auto'] as const) {
      const m = mlp();
      await fit(m, train, {
        optimizer: new Adam(m.parameters(), { lr: 0.01 }),
        epochs: 2,
        threads,
        callbacks: { onEpochEnd: () => void seen.push(getNumThreads()) },
      });
      results.push(weights(m));
      expect(getNumThreads()).toBe(3);
    }
    setNumThreads('auto');
    expect(seen.slice(0, 4)).toEqual([1, 1, 2, 2]);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
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
