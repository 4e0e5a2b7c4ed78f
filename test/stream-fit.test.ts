// Training from a stream: the same steps as in memory (bit for bit where the row order is the same), the shuffle
// buffer's order, hash-held-out validation, the Classifier, and byte-identical models from two processes.
import { describe, test, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Adam,
  batches,
  Classifier,
  CsvError,
  evaluateLoss,
  fit,
  Linear,
  readCsv,
  ReLU,
  Sequential,
  streamBatches,
  StreamBatches,
  streamCsv,
  streamSplit,
  Tensor,
  ValueError,
  type Dataset,
  type FitOptions,
  type StreamChunk,
  type StreamingDataset,
} from '../src/index.js';
import { evaluateStreamLoss } from '../src/train/evaluate.js';
import { makeCsv } from '../scripts/stream-make-csv.js';

const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const trainScript = fileURLToPath(new URL('../scripts/stream-train.ts', import.meta.url));
let dir: string;
let csv: string;
let memory: Dataset;
let stream: StreamingDataset;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'softgrad-stream-fit-'));
  csv = join(dir, 'clusters.csv');
  // About 4,800 rows of 10 features and 3 classes: not a multiple of any batch size below.
  makeCsv(csv, { megabytes: 0.4, seed: 1 });
  memory = await readCsv(csv);
  stream = await streamCsv(csv);
});

/** Rows held in memory, served as a stream: a stream whose rows are known exactly. */
function memoryStream(data: Dataset, chunkLimit = Infinity): StreamingDataset {
  const d = data.x.shape[1];
  return {
    classes: data.classes,
    featureNames: data.featureNames,
    labelName: data.labelName,
    rows: data.y.length,
    async *chunks(chunkRows = 4096): AsyncGenerator<StreamChunk> {
      const size = Math.min(chunkRows, chunkLimit);
      for (let start = 0; start < data.y.length; start += size) {
        const end = Math.min(start + size, data.y.length);
        yield { x: new Tensor(data.x.data.slice(start * d, end * d), [end - start, d]), y: data.y.slice(start, end), start };
      }
    },
  };
}

/** A dataset whose row i has the single feature i and the label i % 3: batches show which rows they hold. */
function numbered(n: number): Dataset {
  return {
    x: new Tensor(Float32Array.from({ length: n }, (_, i) => i), [n, 1]),
    y: Int32Array.from({ length: n }, (_, i) => i % 3),
    classes: ['a', 'b', 'c'],
    featureNames: ['i'],
    labelName: 'label',
  };
}

const network = () => new Sequential(new Linear(10, 16, { seed: 3 }), new ReLU(), new Linear(16, 3, { seed: 4 }));
const weights = (model: Sequential) => model.parameters().map((p) => Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength).toString('hex'));

/** Trains the same network on `data` with `options`; returns its weights' bits and the history. */
async function train(data: Dataset | StreamingDataset, options: Partial<FitOptions>) {
  const model = network();
  const history = await fit(model, data, { optimizer: new Adam(model.parameters(), { lr: 0.01 }), epochs: 3, batchSize: 32, seed: 5, ...options });
  return { weights: weights(model), history };
}

describe('a stream trains through the same steps as memory', () => {
  test.each([
    ['without shuffling', { shuffle: false }],
    ['without shuffling, validated on rows in memory each epoch', { shuffle: false, validationData: 'memory' }],
    ['shuffled through a buffer that holds every row (the in-memory order, same seed)', { shuffle: true, shuffleBuffer: 10_000 }],
    ['shuffled, batch size 1, two epochs', { shuffle: true, shuffleBuffer: 5000, batchSize: 1, epochs: 2 }],
  ] as [string, Partial<FitOptions> & { validationData?: unknown }][])('%s: the same weights bit for bit and the same history', async (_name, options) => {
    const resolved = { ...options, validationData: options.validationData === 'memory' ? memory : undefined };
    const inMemory = await train(memory, resolved);
    const streamed = await train(stream, resolved);
    expect(streamed.weights).toEqual(inMemory.weights);
    expect(streamed.history).toEqual(inMemory.history);
  }, 60_000);

  test('control: a buffer smaller than the data draws another order, so the weights differ', async () => {
    const inMemory = await train(memory, { shuffle: true });
    const streamed = await train(stream, { shuffle: true, shuffleBuffer: 1000 });
    expect(streamed.weights).not.toEqual(inMemory.weights);
  }, 60_000);

  test('the chunk size the stream is read in does not change the training', async () => {
    const a = await train(memoryStream(memory, 5), { shuffleBuffer: 700 });
    const b = await train(memoryStream(memory), { shuffleBuffer: 700 });
    expect(a.weights).toEqual(b.weights);
  }, 60_000);

  test('validation on a stream measures what evaluateLoss measures on the same rows in memory', async () => {
    const model = network();
    const history = await fit(model, stream, { optimizer: new Adam(model.parameters(), { lr: 0.01 }), epochs: 1, validationData: stream });
    const streamed = await evaluateStreamLoss(model, stream);
    const inMemory = evaluateLoss(model, memory);
    expect(history.epochs[0].valAccuracy).toBe(streamed.accuracy);
    expect(streamed.accuracy).toBe(inMemory.accuracy);
    expect(Math.abs(streamed.loss - inMemory.loss)).toBeLessThan(1e-12 * inMemory.loss);
  }, 60_000);
});

describe('the shuffle buffer', () => {
  /** The row numbers of every batch of `epochs` epochs. */
  async function orders(data: StreamingDataset, options: Parameters<typeof streamBatches>[1], epochs: number): Promise<number[][]> {
    const loader = streamBatches(data, options);
    const out: number[][] = [];
    for (let e = 0; e < epochs; e++) {
      const rows: number[] = [];
      for await (const { x, y } of loader) {
        x.data.forEach((i, k) => {
          expect(y[k]).toBe(i % 3); // features and labels travel together
          rows.push(i);
        });
      }
      out.push(rows);
    }
    return out;
  }

  test('holding every row, each epoch is the order `batches` draws from the same seed', async () => {
    const data = numbered(1000);
    const streamed = await orders(memoryStream(data, 64), { batchSize: 10, seed: 11, shuffleBuffer: 1000 }, 3);
    const loader = batches(data, { batchSize: 10, seed: 11 });
    for (let e = 0; e < 3; e++) {
      const expected: number[] = [];
      for (const { indices } of loader) expected.push(...indices);
      expect(streamed[e]).toEqual(expected);
    }
  });

  test('property: every epoch is a permutation; a row leaves no earlier than the buffer allows; a seed repeats the epochs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 1000 }),
        async (n, buffer, batchSize, chunkRows, seed) => {
          const data = memoryStream(numbered(n), chunkRows);
          const options = { batchSize, seed, shuffleBuffer: buffer };
          const epochs = await orders(data, options, 2);
          for (const order of epochs) {
            expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
            // TensorFlow's buffer: row i enters once i - B rows have left, and leaves when a later row arrives.
            order.forEach((row, position) => expect(position).toBeGreaterThanOrEqual(row - buffer + 1));
          }
          expect(await orders(data, options, 2)).toEqual(epochs);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('shuffle off keeps the stream order, in batches of batchSize and a smaller last one', async () => {
    const [order] = await orders(memoryStream(numbered(103), 10), { batchSize: 25, shuffle: false }, 1);
    expect(order).toEqual(Array.from({ length: 103 }, (_, i) => i));
    const sizes: number[] = [];
    for await (const { y } of streamBatches(memoryStream(numbered(103), 10), { batchSize: 25, shuffle: false })) sizes.push(y.length);
    expect(sizes).toEqual([25, 25, 25, 25, 3]);
  });

  test('StreamBatches is still a class to construct and test against, as it was before the one batcher', async () => {
    const loader = new StreamBatches(memoryStream(numbered(10), 4), { batchSize: 4, shuffle: false });
    expect(streamBatches(memoryStream(numbered(3)))).toBeInstanceOf(StreamBatches);
    const sizes: number[] = [];
    for await (const { y } of loader) sizes.push(y.length);
    expect(sizes).toEqual([4, 4, 2]);
  });

  test.each([
    [{ shuffleBuffer: 0 }, 'streamBatches: shuffleBuffer must be a positive whole number of rows, got 0'],
    [{ shuffleBuffer: 2.5 }, 'streamBatches: shuffleBuffer must be a positive whole number of rows, got 2.5'],
    [{ batchSize: 0 }, 'streamBatches: batchSize must be a positive whole number, got 0'],
  ])('%o is refused', (options, message) => {
    expect(() => streamBatches(memoryStream(numbered(5)), options)).toThrow(new ValueError(message));
  });
});

describe('validation held out of a stream by a seeded hash of the row position', () => {
  async function positions(data: StreamingDataset): Promise<number[]> {
    const out: number[] = [];
    for await (const { x } of data.chunks(37)) out.push(...x.data);
    return out;
  }

  test('the two sides partition the rows, hold about testSize of them, and repeat for the same seed', async () => {
    const n = 20_000;
    const data = memoryStream(numbered(n), 999);
    for (const [testSize, seed] of [[0.15, 0], [0.5, 1], [0.01, 2]]) {
      const { train, test } = streamSplit(data, { testSize, seed });
      const trainRows = await positions(train);
      const testRows = await positions(test);
      expect(train.rows).toBe(trainRows.length);
      expect(test.rows).toBe(testRows.length);
      expect([...trainRows, ...testRows].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      // A binomial count: within 5 standard deviations of n * testSize.
      expect(Math.abs(testRows.length - n * testSize)).toBeLessThan(5 * Math.sqrt(n * testSize * (1 - testSize)));
      expect(await positions(streamSplit(data, { testSize, seed }).test)).toEqual(testRows);
    }
    const other = await positions(streamSplit(data, { testSize: 0.15, seed: 9 }).test);
    expect(other).not.toEqual(await positions(streamSplit(data, { testSize: 0.15, seed: 0 }).test));
  });

  test('fit with validationSplit on a stream validates on exactly the held-out side', async () => {
    const model = network();
    const history = await fit(model, stream, { optimizer: new Adam(model.parameters(), { lr: 0.01 }), epochs: 2, validationSplit: 0.2, seed: 3 });
    const held = await evaluateStreamLoss(model, streamSplit(stream, { testSize: 0.2, seed: 3 }).test);
    expect(history.epochs[1].valLoss).toBe(held.loss);
    expect(history.epochs[1].valAccuracy).toBe(held.accuracy);
  }, 60_000);

  test.each([
    [0, 'streamSplit: testSize must be between 0 and 1, got 0'],
    [0.001, 'streamSplit: testSize 0.001 puts no rows of the 3-row stream in the test side'],
  ])('testSize %s is refused', (testSize, message) => {
    expect(() => streamSplit(memoryStream(numbered(3)), { testSize })).toThrow(new ValueError(message));
  });
});

describe('Classifier.fit on a stream', () => {
  test.each([
    ['unscaled, no validation', { standardize: false, validationSplit: 0 }],
    ['unscaled, balanced class weights', { standardize: false, validationSplit: 0, classWeight: 'balanced' }],
  ] as [string, object][])('%s: the same model file as from memory', async (_name, options) => {
    const a = new Classifier({ hidden: [8], epochs: 3, seed: 2, ...options });
    const b = new Classifier({ hidden: [8], epochs: 3, seed: 2, ...options });
    await a.fit(memory);
    await b.fit(stream);
    expect(JSON.stringify(b.toJSON())).toBe(JSON.stringify(a.toJSON()));
  }, 60_000);

  test('standardised: the streamed scaler is StandardScaler up to rounding, and the models agree to 1e-4', async () => {
    const a = new Classifier({ hidden: [8], epochs: 3, seed: 2, validationSplit: 0 });
    const b = new Classifier({ hidden: [8], epochs: 3, seed: 2, validationSplit: 0 });
    await a.fit(memory);
    await b.fit(stream);
    Array.from(b.scaler!.mean).forEach((m, j) => expect(Math.abs(m - a.scaler!.mean[j])).toBeLessThanOrEqual(1e-12 * Math.abs(a.scaler!.mean[j]) + 1e-15));
    Array.from(b.scaler!.scale).forEach((s, j) => expect(Math.abs(s - a.scaler!.scale[j])).toBeLessThanOrEqual(1e-12 * a.scaler!.scale[j]));
    const pa = a.predictProba(memory).data;
    const pb = b.predictProba(memory).data;
    let worst = 0;
    for (let i = 0; i < pa.length; i++) worst = Math.max(worst, Math.abs(pa[i] - pb[i]));
    expect(worst).toBeLessThan(1e-4);
  }, 60_000);

  test('with its defaults (15% held out for early stopping) it learns the clusters', async () => {
    const clf = new Classifier({ epochs: 20, seed: 0 });
    const history = await clf.fit(stream);
    expect(history.epochs.every((e) => e.valLoss !== undefined)).toBe(true);
    // The clusters overlap: a linear model gets about 80% right (scripts/stream-make-csv.ts).
    expect(clf.evaluate(memory).accuracy).toBeGreaterThan(0.7);
  }, 60_000);

  test('a stream that fails mid-epoch fails fit with its error', async () => {
    const broken: StreamingDataset = {
      ...memoryStream(memory),
      async *chunks() {
        yield* memoryStream(memory).chunks(100);
        throw new CsvError('big.csv:4803: column 2 ("x2"): "oops" is not a number');
      },
    };
    await expect(new Classifier({ epochs: 2, standardize: false }).fit(broken)).rejects.toThrow(new CsvError('big.csv:4803: column 2 ("x2"): "oops" is not a number'));
  }, 60_000);
});

describe('determinism across processes', () => {
  test('two processes, same seed, same streamed file: byte-identical model files', () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    execFileSync(tsx, [trainScript, csv, a, '8']);
    execFileSync(tsx, [trainScript, csv, b, '8']);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(JSON.parse(readFileSync(a, 'utf8')).classes).toEqual(memory.classes);
  }, 60_000);
});
