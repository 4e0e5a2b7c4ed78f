// The low-level training loop: convergence to scikit-learn's optimum, early stopping, callbacks, divergence.
import { describe, test, expect } from 'vitest';
import {
  Adam, CosineAnnealingLR, DivergenceError, Linear, SGD, Sequential, StandardScaler, Tensor, fit, mseLoss, readCsv, softmaxCrossEntropy,
  takeRows, tensor, type Dataset,
} from '../src/index.js';
import { irisCsv, irisSplit } from './helpers/iris.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

describe('training to convergence', () => {
  test('L2-penalised softmax regression on iris reaches the objective of scikit-learn LogisticRegression(C=1)', async () => {
    // examples/data/README.md: lambda = 1/(C n_train) on the weights only; objective 0.237636 at scikit-learn's solution.
    const iris = await readCsv(irisCsv, { label: 'species', dtype: 'float64' });
    const split = JSON.parse(readFileSync(fileURLToPath(new URL('../examples/data/iris_split.json', import.meta.url)), 'utf8'));
    const train = takeRows(iris, split.train_indices);
    const x = new StandardScaler().fit(train.x).transform(train.x);
    const model = new Linear(4, 3, { seed: 0, dtype: 'float64' });
    const lambda = 1 / 112;
    const steps = 3000;
    const optimizer = new Adam([{ params: [model.weight], weightDecay: lambda }, { params: [model.bias], weightDecay: 0 }], { lr: 0.05 });
    const schedule = new CosineAnnealingLR(optimizer, { tMax: steps });
    for (let s = 0; s < steps; s++) {
      optimizer.zeroGrad();
      softmaxCrossEntropy(model.forward(x), train.y).backward();
      optimizer.step();
      schedule.step();
    }
    const nll = softmaxCrossEntropy(model.forward(x), train.y).item();
    const objective = nll + (lambda / 2) * model.weight.data.reduce((s, w) => s + w * w, 0);
    // the reference is given to 6 decimals
    expect(Math.abs(objective - 0.237636)).toBeLessThan(1e-6);
  });
});

describe('fit', () => {
  const model = () => new Sequential(new Linear(4, 3, { seed: 1 }));

  test('returns one history entry per epoch with training and validation metrics', async () => {
    const { train, test } = await irisSplit();
    const m = model();
    const history = await fit(m, train, { optimizer: new Adam(m.parameters(), { lr: 0.05 }), epochs: 5, validationData: test });
    expect(history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(history.stopReason).toBe('epochs');
    for (const e of history.epochs) {
      expect(e.loss).toBeGreaterThan(0);
      expect(e.valAccuracy).toBeGreaterThanOrEqual(0);
      expect(e.lr).toBe(0.05);
    }
    expect(history.epochs[4].loss).toBeLessThan(history.epochs[0].loss);
  });

  test('early stopping stops after `patience` epochs without improvement and restores the best weights', async () => {
    const { train } = await irisSplit();
    const m = model();
    const snapshots: number[][] = [];
    const history = await fit(m, train, {
      optimizer: new SGD(m.parameters(), { lr: 5 }), // far too high: the validation loss soon stops improving
      epochs: 200,
      validationSplit: 0.2,
      earlyStopping: { patience: 3 },
      callbacks: { onEpochEnd: () => void snapshots.push(Array.from(m.parameters()[0].data)) },
    });
    expect(history.stopReason).toBe('earlyStopping');
    const losses = history.epochs.map((e) => e.valLoss!);
    const best = losses.indexOf(Math.min(...losses));
    expect(history.epochs.length).toBe(best + 1 + 3);
    expect(history.bestEpoch).toBe(best + 1);
    expect(Array.from(m.parameters()[0].data)).toEqual(snapshots[best]);
  });

  test('a callback returning "stop" ends training', async () => {
    const { train } = await irisSplit();
    const m = model();
    let batches = 0;
    const history = await fit(m, train, {
      optimizer: new Adam(m.parameters()),
      epochs: 50,
      callbacks: { onBatchEnd: () => (++batches === 6 ? 'stop' : undefined) },
    });
    expect(history.stopReason).toBe('callback');
    expect(history.epochs.length).toBe(2); // 4 batches of 32 per epoch over 112 rows
  });

  test('a diverging run stops at the first exploding loss, naming epoch and batch, and keeps the weights from before the bad step', async () => {
    // Linear regression with MSE and a huge step size diverges geometrically.
    const x = tensor([[1, 2], [3, 4], [5, 6], [7, 8]]);
    const data: Dataset = { x, y: Int32Array.from([0, 1, 0, 1]), classes: ['a', 'b'], featureNames: ['p', 'q'], labelName: 'c' };
    const m = new Sequential(new Linear(2, 1, { seed: 0 }));
    const target = tensor([[1], [2], [3], [4]]);
    const flat = () => m.parameters().flatMap((p) => Array.from(p.data));
    const weightsAfterEpoch: number[][] = [flat()]; // [0]: before training
    const run = (divergenceFactor?: number) =>
      fit(m, data, {
        optimizer: new SGD(m.parameters(), { lr: 0.1 }),
        loss: (logits, y) => mseLoss(logits, new Tensor(target.data.subarray(0, y.length), [y.length, 1])),
        epochs: 1000,
        batchSize: 4, // one batch per epoch
        shuffle: false,
        divergenceFactor,
        callbacks: { onEpochEnd: () => void weightsAfterEpoch.push(flat()) },
      }).catch((e: unknown) => e);
    const error = await run();
    expect(error).toBeInstanceOf(DivergenceError);
    const d = error as DivergenceError;
    expect(d.message).toMatch(new RegExp(`^training diverged at epoch ${d.epoch}, batch 1: the loss rose to .*, more than 1000 times its starting value\\. .*try a lower learning rate \\(it was 0\\.1\\)`));
    expect(d.epoch).toBeGreaterThan(2);
    // The loss of epoch e comes from the step of epoch e - 1; the weights are those from before that step.
    expect(flat()).toEqual(weightsAfterEpoch[d.epoch - 2]);

    // With the explosion check off, the same run goes on until the loss is no longer finite.
    const late = (await run(Infinity)) as DivergenceError;
    expect(late).toBeInstanceOf(DivergenceError);
    expect(late.message).toMatch(/the loss is (NaN|Infinity)/);
    for (const p of m.parameters()) for (const v of p.data) expect(Number.isFinite(v)).toBe(true);
  });

  test('parameter groups with different learning rates train; the logs show the first group\'s rate', async () => {
    const { train } = await irisSplit();
    const m = new Sequential(new Linear(4, 8, { seed: 1 }), new Linear(8, 3, { seed: 2 }));
    const [w0, b0, w1, b1] = m.parameters();
    const optimizer = new Adam([{ params: [w0, b0], lr: 0.01 }, { params: [w1, b1], lr: 0.1 }]);
    const history = await fit(m, train, { optimizer, epochs: 2 });
    expect(history.epochs.map((e) => e.lr)).toEqual([0.01, 0.01]);
  });

  test('an empty dataset is an error, not a history of NaN', async () => {
    const data: Dataset = { x: new Tensor(new Float32Array(0), [0, 2]), y: new Int32Array(0), classes: ['a', 'b'], featureNames: ['p', 'q'], labelName: 'c' };
    const m = new Sequential(new Linear(2, 2, { seed: 0 }));
    await expect(fit(m, data, { optimizer: new Adam(m.parameters()) })).rejects.toThrow(/fit: the training data .*has no rows/);
  });

  test('bad options are errors that name the option', async () => {
    const { train } = await irisSplit();
    const m = model();
    const optimizer = new Adam(m.parameters());
    await expect(fit(m, train, { optimizer, epochs: 0 })).rejects.toThrow('fit: epochs must be a positive whole number, got 0');
    await expect(fit(m, train, { optimizer, batchSize: 1.5 })).rejects.toThrow('fit: batchSize must be a positive whole number, got 1.5');
    await expect(fit(m, train, { optimizer, classWeight: [1, 2] })).rejects.toThrow('fit: classWeight has 2 weights for 3 classes');
    await expect(fit(m, train, { optimizer, earlyStopping: { monitor: 'valLoss' } })).rejects.toThrow(/no validationData/);
  });
});
