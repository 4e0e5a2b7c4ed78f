// The estimator end to end on iris: accuracy against scikit-learn's figure, determinism, save and load.
import { describe, test, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Classifier, Linear, predictProba, ShapeError, StandardScaler, Tensor } from '../src/index.js';
import { irisSplit } from './helpers/iris.js';

// scikit-learn 1.2.1 LogisticRegression (multinomial, C=1) on this split: 0.9737 = 37/38 (examples/data/README.md).
const SKLEARN_LOGISTIC_TEST_ACCURACY = 37 / 38;
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const script = (name: string) => fileURLToPath(new URL(`./scripts/${name}`, import.meta.url));

describe('Classifier on iris with the shared split', () => {
  test('softmax regression with the defaults reaches scikit-learn test accuracy in under a second', async () => {
    const { train, test } = await irisSplit();
    const clf = new Classifier();
    const start = performance.now();
    await clf.fit(train);
    const seconds = (performance.now() - start) / 1000;
    const result = clf.evaluate(test);
    expect(result.accuracy).toBeGreaterThanOrEqual(SKLEARN_LOGISTIC_TEST_ACCURACY);
    expect(seconds).toBeLessThan(1);
    expect(result.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(38);
    expect(result.report).toContain('virginica');
  });

  test('the three-line estimator of the issue reaches scikit-learn test accuracy', async () => {
    const { train, test } = await irisSplit();
    const clf = new Classifier({ hidden: [], optimizer: 'adam', lr: 0.05, epochs: 200, seed: 0 });
    await clf.fit(train);
    expect(clf.evaluate(test).accuracy).toBeGreaterThanOrEqual(SKLEARN_LOGISTIC_TEST_ACCURACY);
    expect(clf.predictLabels(test).length).toBe(38);
  });

  test('an MLP with hidden: [32] reaches scikit-learn MLPClassifier test accuracy', async () => {
    const { train, test } = await irisSplit();
    const clf = new Classifier({ hidden: [32] });
    await clf.fit(train);
    expect(clf.evaluate(test).accuracy).toBeGreaterThanOrEqual(37 / 38);
  });

  test('logistic regression with loss bce on two of the classes', async () => {
    const { train, test } = await irisSplit();
    const twoClasses = (d: typeof train) => {
      const keep = Array.from(d.y.keys()).filter((i) => d.y[i] !== 0);
      const x = keep.flatMap((i) => Array.from(d.x.data.subarray(i * 4, i * 4 + 4)));
      return { ...d, x: new (d.x.constructor as typeof import('../src/index.js').Tensor)(Float32Array.from(x), [keep.length, 4]), y: Int32Array.from(keep, (i) => d.y[i] - 1), classes: d.classes.slice(1) };
    };
    const clf = new Classifier({ loss: 'bce' });
    await clf.fit(twoClasses(train));
    const result = clf.evaluate(twoClasses(test));
    expect(result.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(clf.predictProba(twoClasses(test)).shape).toEqual([25, 2]);
  });
});

describe('columns are matched by name', () => {
  test('a dataset with its feature columns in another order gets the same predictions', async () => {
    const { train, test } = await irisSplit();
    const clf = new Classifier({ epochs: 20 });
    await clf.fit(train);
    const order = [2, 0, 3, 1];
    const shuffled = {
      ...test,
      featureNames: order.map((j) => test.featureNames[j]),
      x: new Tensor(Float32Array.from({ length: 38 * 4 }, (_, k) => test.x.data[Math.floor(k / 4) * 4 + order[k % 4]]), [38, 4]),
    };
    expect(Array.from(clf.predict(shuffled))).toEqual(Array.from(clf.predict(test)));
    expect(clf.evaluate(shuffled).accuracy).toBe(clf.evaluate(test).accuracy);
  });
  test('a dataset without one of the model\'s features is a ShapeError naming both lists', async () => {
    const { train, test } = await irisSplit();
    const clf = new Classifier({ epochs: 2 });
    await clf.fit(train);
    const renamed = { ...test, featureNames: ['a', 'b', 'c', 'd'] };
    expect(() => clf.predict(renamed)).toThrow(ShapeError);
    expect(() => clf.predict(renamed)).toThrow(/has the features "a", "b", "c", "d"; the model needs "sepal_length"/);
  });
  test('hidden layers too large for a model file are a ValueError before anything is allocated', async () => {
    const { train } = await irisSplit();
    await expect(new Classifier({ hidden: [1_000_000, 1_000_000] }).fit(train)).rejects.toThrow('make 1000009000003 parameters, more than 268435456');
  });
});

describe('determinism and persistence across processes', () => {
  test('two fresh processes with the same seed write byte-identical model files and identical losses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'softgrad-'));
    const a = execFileSync(tsx, [script('train-iris.ts'), join(dir, 'a.json'), '8'], { encoding: 'utf8' });
    const b = execFileSync(tsx, [script('train-iris.ts'), join(dir, 'b.json'), '8'], { encoding: 'utf8' });
    expect(a).toBe(b);
    expect(readFileSync(join(dir, 'a.json')).equals(readFileSync(join(dir, 'b.json')))).toBe(true);
  });

  test('a model loaded in a fresh process predicts the same probabilities, bit for bit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'softgrad-'));
    const model = join(dir, 'model.json');
    const trained = JSON.parse(execFileSync(tsx, [script('train-iris.ts'), model], { encoding: 'utf8' }));
    const loaded = execFileSync(tsx, [script('predict-iris.ts'), model], { encoding: 'utf8' });
    expect(loaded).toBe(trained.probaHex);
    expect(readdirSync(dir)).toEqual(['model.json']); // no temporary file left behind
  });
});

describe('inference with a transform applied chunk by chunk', () => {
  test('gives the bits of inference on the rows transformed whole, over more than one chunk', () => {
    const x = new Tensor(Float32Array.from({ length: 5000 * 3 }, (_, i) => Math.sin(i) * 10), [5000, 3]);
    const scaler = new StandardScaler().fit(x);
    const model = new Linear(3, 4, { seed: 1 });
    const chunked = predictProba(model, x, 'ce', { transform: (rows) => scaler.transform(rows) });
    expect(Array.from(chunked.data)).toEqual(Array.from(predictProba(model, scaler.transform(x)).data));
  });
});
