// batches: one seeded stream of epoch orders, every row once per epoch, zero-copy views without shuffle.
import { describe, expect, test } from 'vitest';
import { batches, Tensor, ValueError, type Batch, type Dataset } from '../src/index.js';

/** n rows of d features, row i holding i*10 + j, class i % 3. */
function rows(n: number, d = 2): Dataset {
  return {
    x: new Tensor(Float32Array.from({ length: n * d }, (_, k) => Math.floor(k / d) * 10 + (k % d)), [n, d]),
    y: Int32Array.from({ length: n }, (_, i) => i % 3),
    classes: ['a', 'b', 'c'],
    featureNames: Array.from({ length: d }, (_, j) => `f${j}`),
    labelName: 'label',
  };
}

const epochOrder = (epoch: Iterable<Batch>): number[] => [...epoch].flatMap((batch) => Array.from(batch.indices));

describe('batches', () => {
  test('each epoch visits every row once, in a new order; the same seed repeats the whole sequence', () => {
    const data = rows(50);
    const first = batches(data, { batchSize: 8, seed: 42 });
    const second = batches(data, { batchSize: 8, seed: 42 });
    const epochs = [0, 1, 2].map(() => epochOrder(first));
    expect([0, 1, 2].map(() => epochOrder(second))).toEqual(epochs);
    for (const order of epochs) expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(epochs[1]).not.toEqual(epochs[0]);
    expect(epochs[2]).not.toEqual(epochs[1]);
    expect(epochOrder(batches(data, { batchSize: 8, seed: 43 }))).not.toEqual(epochs[0]);
  });

  test('for await over a dataset in memory gives the batches for-of gives', async () => {
    const data = rows(20);
    const seen: number[] = [];
    for await (const batch of batches(data, { batchSize: 6, seed: 7 })) seen.push(...batch.indices);
    expect(seen).toEqual(epochOrder(batches(data, { batchSize: 6, seed: 7 })));
  });

  test('a batch holds the features and labels of its indices', () => {
    const data = rows(10, 3);
    for (const { x, y, indices } of batches(data, { batchSize: 4, seed: 1 })) {
      expect(x.shape).toEqual([indices.length, 3]);
      indices.forEach((row, i) => {
        expect(Array.from(x.data.subarray(i * 3, i * 3 + 3))).toEqual([row * 10, row * 10 + 1, row * 10 + 2]);
        expect(y[i]).toBe(row % 3);
      });
    }
  });

  test.each([
    [10, 4, false, [4, 4, 2]],
    [10, 4, true, [4, 4]],
    [8, 4, false, [4, 4]],
    [3, 32, false, [3]],
    [3, 32, true, []],
  ])('%d rows in batches of %d (dropLast %s): sizes %o', (n, batchSize, dropLast, sizes) => {
    const loader = batches(rows(n), { batchSize, dropLast });
    expect([...loader].map((b) => b.x.shape[0])).toEqual(sizes);
    expect(loader.length).toBe(sizes.length);
  });

  test('without shuffle the batches are views of the dataset, in row order', () => {
    const data = rows(10);
    const loader = [...batches(data, { batchSize: 4, shuffle: false })];
    expect(loader.map((b) => Array.from(b.indices))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    for (const { x, y } of loader) {
      expect(x.data.buffer).toBe(data.x.data.buffer);
      expect(y.buffer).toBe(data.y.buffer);
    }
    expect(loader[1].x.data[0]).toBe(40);
  });

  test('shuffled batches stay valid after later batches and epochs (no buffer reuse)', () => {
    const data = rows(9);
    const loader = batches(data, { batchSize: 3, seed: 5 });
    const kept = [...loader];
    const copies = kept.map((b) => ({ x: Array.from(b.x.data), y: Array.from(b.y), indices: Array.from(b.indices) }));
    [...loader];
    kept.forEach((b, i) => {
      expect(Array.from(b.x.data)).toEqual(copies[i].x);
      expect(Array.from(b.y)).toEqual(copies[i].y);
      expect(Array.from(b.indices)).toEqual(copies[i].indices);
    });
  });

  test('large batches hold exactly their rows, in float32 and float64, each in arrays of its own', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const n = 200;
      const d = 300;
      const values = dtype === 'float32' ? new Float32Array(n * d) : new Float64Array(n * d);
      for (let k = 0; k < values.length; k++) values[k] = k + 0.5;
      const data: Dataset = { ...rows(n, d), x: new Tensor(values, [n, d]) };
      const loader = batches(data, { batchSize: 64, seed: 3 });
      const kept = [...loader, ...loader];
      for (const { x, indices } of kept) {
        expect(x.dtype).toBe(dtype);
        for (let r = 0; r < indices.length; r++) {
          for (let j = 0; j < d; j++) if (x.data[r * d + j] !== values[indices[r] * d + j]) expect.fail(`row ${indices[r]}, column ${j}`);
        }
      }
      expect(new Set(kept.map((b) => b.x.data.buffer)).size).toBe(kept.length);
    }
  });

  test('the dataset is left as it was', () => {
    const data = rows(12);
    const before = Array.from(data.x.data);
    for (let epoch = 0; epoch < 3; epoch++) for (const _ of batches(data, { batchSize: 5 }));
    expect(Array.from(data.x.data)).toEqual(before);
  });

  test('an unlabelled dataset gives empty y', () => {
    const data = { ...rows(5), y: new Int32Array(0) };
    for (const shuffle of [true, false]) for (const { y } of batches(data, { batchSize: 2, shuffle })) expect(y.length).toBe(0);
  });

  test.each([0, -1, 2.5, NaN])('batchSize %d is refused', (batchSize) => {
    expect(() => batches(rows(4), { batchSize })).toThrow(new ValueError(`batches: batchSize must be a positive whole number, got ${batchSize}`));
  });
});

describe('batches reusing their buffers (what fit uses)', () => {
  test('same rows, order and labels as fresh batches, epoch after epoch, including a short last batch', () => {
    const n = 10;
    const data: Dataset = {
      x: new Tensor(Float32Array.from({ length: n * 3 }, (_, i) => i), [n, 3]),
      y: Int32Array.from({ length: n }, (_, i) => i % 2),
      classes: ['a', 'b'],
      featureNames: ['p', 'q', 'r'],
      labelName: 'c',
    };
    const fresh = batches(data, { batchSize: 4, seed: 3 });
    const reused = batches(data, { batchSize: 4, seed: 3, reuse: true });
    const tensors = new Set<Tensor>();
    for (let epoch = 0; epoch < 3; epoch++) {
      const want = Array.from(fresh).map((b) => [Array.from(b.x.data), Array.from(b.y), b.x.shape]);
      const got: unknown[] = [];
      for (const b of reused) {
        got.push([Array.from(b.x.data), Array.from(b.y), b.x.shape]);
        tensors.add(b.x);
      }
      expect(got).toEqual(want);
      expect(want.map((w) => (w[2] as number[])[0])).toEqual([4, 4, 2]);
    }
    // One x tensor per batch size, for every epoch: what lets fit replay a recorded step on it.
    expect(tensors.size).toBe(2);
  });

  test('unshuffled, reused batches are copies in row order, one tensor per size', () => {
    const data = rows(10);
    const loader = batches(data, { batchSize: 4, shuffle: false, reuse: true });
    const seen = new Set<Tensor>();
    for (let epoch = 0; epoch < 2; epoch++) {
      const got: number[] = [];
      for (const b of loader) {
        seen.add(b.x);
        got.push(...b.x.data);
        expect(b.x.data.buffer).not.toBe(data.x.data.buffer);
      }
      expect(got).toEqual(Array.from(data.x.data));
    }
    expect(seen.size).toBe(2);
  });

  test('batches from plain iteration carry only x, y and indices, shuffled or not', () => {
    for (const shuffle of [true, false]) {
      for (const b of batches(rows(10), { batchSize: 4, shuffle })) expect(Object.keys(b).sort()).toEqual(['indices', 'x', 'y']);
    }
  });

});

describe('batches of a stream', () => {
  // A stream of n rows (row i holds i) that says it has `declared`.
  const stream = (n: number, declared: number) => ({
    classes: ['a', 'b'],
    featureNames: ['f'],
    labelName: 'c',
    rows: declared,
    async *chunks() {
      yield { x: new Tensor(Float32Array.from({ length: n }, (_, i) => i), [n, 1]), y: new Int32Array(n), start: 0 };
    },
  });
  const sizes = async (n: number, declared: number, dropLast: boolean): Promise<number[]> => {
    const out: number[] = [];
    for await (const b of batches(stream(n, declared), { batchSize: 4, shuffle: false, dropLast })) out.push(b.y.length);
    return out;
  };
  test.each([
    [10, 10, false, [4, 4, 2]],
    [10, 10, true, [4, 4]],
    [14, 10, false, [4, 4, 2, 4]],
    [8, 10, false, [4, 4]],
    [9, 10, false, [4, 4, 1]],
  ])('%i rows of a stream that says %i, dropLast %s: batches of %j', async (n, declared, dropLast, want) => {
    expect(await sizes(n, declared, dropLast)).toEqual(want);
  });
});

describe('gathered rows keep their values', () => {
  // Short rows are copied a value at a time (two at a time as float64 words, for an even d on 8-byte boundaries),
  // long ones with set(): check that no value changes on the way (-0, infinities, subnormals; a NaN stays a NaN,
  // though a copy through a JS number may quiet a signalling payload), in fresh code and once V8 has optimised the
  // copy; and with the features starting 4 bytes into their buffer, where the float64 words do not line up.
  test.each([
    [2, 0], [3, 0], [4, 0], [10, 0], [64, 0], [100, 0], [101, 0], [200, 0], [300, 0], [4, 4], [100, 4],
  ])('d = %i, features %i bytes into their buffer', (d, offset) => {
    const n = 64;
    const x = new Float32Array(new ArrayBuffer(offset + 4 * n * d), offset, n * d);
    const bits = new Uint32Array(x.buffer, offset, n * d);
    const patterns = [0x7fc00000, 0x7fa00001, 0xffbfffff, 0x7f800001, 0xfff00000, 0x80000000, 0x7f800000, 0xff800000, 0x00000001, 0x807fffff];
    for (let k = 0; k < bits.length; k++) bits[k] = k % 3 === 0 ? patterns[k % patterns.length] : (Math.imul(k, 2654435761) >>> 0);
    const data: Dataset = { x: new Tensor(x, [n, d]), y: new Int32Array(n), classes: ['a'], featureNames: Array.from({ length: d }, (_, j) => `f${j}`), labelName: 'c' };
    const loader = batches(data, { batchSize: 16, seed: 1, reuse: true });
    const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
    for (let epoch = 0; epoch < 300; epoch++) {
      for (const b of loader) {
        if (epoch % 100 !== 0 && epoch !== 299) continue;
        for (let r = 0; r < b.indices.length; r++) {
          for (let j = 0; j < d; j++) {
            const got = b.x.data[r * d + j];
            const want = x[b.indices[r] * d + j];
            if (!same(got, want)) expect.fail(`epoch ${epoch}, row ${b.indices[r]}, column ${j}: ${got}, want ${want}`);
          }
        }
      }
    }
  });
});
