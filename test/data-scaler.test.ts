// StandardScaler against scikit-learn's statistics for the iris training rows, constant features, JSON.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { readCsv, ShapeError, StandardScaler, takeRows, Tensor, tensor, ValueError } from '../src/index.js';
import { expectClose } from './helpers/golden.js';

const irisPath = fileURLToPath(new URL('../examples/data/iris.csv', import.meta.url));
const irisSplit = JSON.parse(readFileSync(fileURLToPath(new URL('../examples/data/iris_split.json', import.meta.url)), 'utf8'));
const reference = irisSplit.standardization as { mean: number[]; std: number[]; divisor: number[] };

describe('iris training rows against scikit-learn', () => {
  test('float64 data: mean and scale equal the reference to 1e-12 relative', async () => {
    const iris = await readCsv(irisPath, { dtype: 'float64' });
    const scaler = new StandardScaler().fit(takeRows(iris, irisSplit.train_indices).x);
    expectClose(scaler.mean, reference.mean, { atol: 0, rtol: 1e-12 }, 'mean');
    expectClose(scaler.scale, reference.divisor, { atol: 0, rtol: 1e-12 }, 'scale');
    expectClose(scaler.scale, reference.std, { atol: 0, rtol: 1e-12 }, 'std');
  });

  test('float32 data: within 1e-6, the float32 rounding of the decimals (about 6e-8 relative) and no more', async () => {
    const iris = await readCsv(irisPath);
    const scaler = new StandardScaler().fit(takeRows(iris, irisSplit.train_indices).x);
    expectClose(scaler.mean, reference.mean, { atol: 0, rtol: 1e-6 }, 'mean');
    expectClose(scaler.scale, reference.divisor, { atol: 0, rtol: 1e-6 }, 'scale');
  });

  test('test rows are standardised with the training statistics: z = (x - mean) / divisor', async () => {
    const iris = await readCsv(irisPath, { dtype: 'float64' });
    const scaler = new StandardScaler().fit(takeRows(iris, irisSplit.train_indices).x);
    const testRows = takeRows(iris, irisSplit.test_indices).x;
    const z = scaler.transform(testRows);
    const expected = Array.from(testRows.data, (v, i) => (v - reference.mean[i % 4]) / reference.divisor[i % 4]);
    expectClose(z.data, expected, { atol: 1e-12, rtol: 1e-12 }, 'z');
  });

  test('standardised training rows have mean 0 and population std 1', async () => {
    const iris = await readCsv(irisPath, { dtype: 'float64' });
    const z = new StandardScaler().fitTransform(takeRows(iris, irisSplit.train_indices).x);
    const [n, d] = z.shape;
    for (let j = 0; j < d; j++) {
      let sum = 0;
      let squares = 0;
      for (let i = 0; i < n; i++) sum += z.data[i * d + j];
      for (let i = 0; i < n; i++) squares += (z.data[i * d + j] - sum / n) ** 2;
      expect(Math.abs(sum / n)).toBeLessThan(1e-14);
      expect(Math.abs(Math.sqrt(squares / n) - 1)).toBeLessThan(1e-14);
    }
  });
});

describe('constant features are divided by 1, never turned into NaN or Infinity', () => {
  test.each([
    ['0.1 three times (its float mean is not exactly 0.1)', [0.1, 0.1, 0.1]],
    ['a constant integer', [5, 5, 5, 5]],
    ['a single row', [3.7]],
    ['a spread below the rounding error of its mean (scikit-learn _is_constant_feature)', [1e10, 1e10 + 2e-6]],
  ])('%s', (_name, column) => {
    const x = new Tensor(Float64Array.from(column.flatMap((v, i) => [v, i])), [column.length, 2]);
    const scaler = new StandardScaler().fit(x);
    expect(scaler.scale[0]).toBe(1);
    const z = scaler.transform(x);
    for (let i = 0; i < column.length; i++) expect(Math.abs(z.data[i * 2])).toBeLessThan(1e-5);
    expect(z.data.every(Number.isFinite)).toBe(true);
  });

  test('a varying column next to a constant one keeps its own scale', () => {
    const scaler = new StandardScaler().fit(tensor([[1, 4], [1, 6]]));
    expect(Array.from(scaler.scale)).toEqual([1, 1]); // std of [4, 6] is 1
    expect(Array.from(scaler.mean)).toEqual([1, 5]);
    expect(new StandardScaler().fit(tensor([[1, 4], [1, 8]])).scale[1]).toBe(2);
  });
});

describe('transform', () => {
  test('keeps the dtype of its input and does not touch it', () => {
    const x = tensor([[1, 2], [3, 6]]);
    const z = new StandardScaler().fitTransform(x);
    expect(z.dtype).toBe('float32');
    expect(Array.from(z.data)).toEqual([-1, -1, 1, 1]);
    expect(Array.from(x.data)).toEqual([1, 2, 3, 6]);
  });

  test.each([
    ['a different number of features', () => new StandardScaler().fit(tensor([[1, 2]])).transform(tensor([[1, 2, 3]])), new ShapeError('StandardScaler.transform: x has 3 features (shape [1,3]), the scaler was fitted on 2')],
    ['a 1-D input', () => new StandardScaler().fit(tensor([1, 2])), new ShapeError('StandardScaler.fit: expects a 2-D tensor [rows, features], got shape [2]')],
    ['no rows', () => new StandardScaler().fit(new Tensor(new Float32Array(0), [0, 3])), new ValueError('StandardScaler.fit: no rows to fit on')],
    ['a NaN', () => new StandardScaler().fit(tensor([[1, NaN], [2, 3]])), new ValueError('StandardScaler.fit: feature 1 has a non-finite value (mean NaN, variance NaN)')],
    ['use before fit', () => new StandardScaler().transform(tensor([[1]])), new ValueError('StandardScaler.transform: the scaler is not fitted; call fit(x) on the training rows first')],
    ['mean before fit', () => new StandardScaler().mean, new ValueError('StandardScaler.mean: the scaler is not fitted; call fit(x) on the training rows first')],
  ])('%s is an error', (_name, fn, error) => {
    expect(fn).toThrow(error);
  });
});

describe('toJSON / fromJSON', () => {
  test('a JSON round trip gives bit-identical statistics and outputs', async () => {
    const iris = await readCsv(irisPath);
    const scaler = new StandardScaler().fit(iris.x);
    const restored = StandardScaler.fromJSON(JSON.parse(JSON.stringify(scaler)));
    expect(restored.mean).toEqual(scaler.mean);
    expect(restored.scale).toEqual(scaler.scale);
    expect(restored.transform(iris.x).data).toEqual(scaler.transform(iris.x).data);
    expect(new StandardScaler().isFitted).toBe(false);
    expect(restored.isFitted).toBe(true);
  });

  test.each([
    [null, 'StandardScaler.fromJSON: expected an object with mean and scale, got null'],
    ['{}', 'StandardScaler.fromJSON: expected an object with mean and scale, got "{}"'],
    [{ mean: [1] }, 'StandardScaler.fromJSON: scale must be a non-empty list of numbers, got undefined'],
    [{ mean: [], scale: [] }, 'StandardScaler.fromJSON: mean must be a non-empty list of numbers, got a list of 0'],
    [{ mean: [1, 2], scale: [1] }, 'StandardScaler.fromJSON: mean has 2 entries but scale has 1'],
    [{ mean: [1, '2'], scale: [1, 1] }, 'StandardScaler.fromJSON: mean[1] is "2", not a finite number'],
    [{ mean: [1, null], scale: [1, 1] }, 'StandardScaler.fromJSON: mean[1] is null, not a finite number'],
    [{ mean: [1, Infinity], scale: [1, 1] }, 'StandardScaler.fromJSON: mean[1] is Infinity, not a finite number'],
    [{ mean: [1, 2], scale: [1, 0] }, 'StandardScaler.fromJSON: scale[1] is 0, not a finite positive number'],
    [{ mean: [1, 2], scale: [-1, 1] }, 'StandardScaler.fromJSON: scale[0] is -1, not a finite positive number'],
    [{ mean: [1, 2], scale: [1, NaN] }, 'StandardScaler.fromJSON: scale[1] is NaN, not a finite positive number'],
  ])('%o is refused', (json, message) => {
    expect(() => StandardScaler.fromJSON(json)).toThrow(new ValueError(message));
  });
});

describe('transform with copy: false (scikit-learn copy=False)', () => {
  test('writes the same values into x itself and returns it', () => {
    const x = new Tensor(Float32Array.from([1, 10, 2, 20, 4, 40]), [3, 2]);
    const scaler = new StandardScaler().fit(x);
    const copied = scaler.transform(x);
    const same = scaler.transform(x, { copy: false });
    expect(same).toBe(x);
    expect(Array.from(x.data)).toEqual(Array.from(copied.data));
  });
});
