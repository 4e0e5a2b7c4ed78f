// A train/test split of a stream without holding it: each row's side is a seeded hash of its position.
import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { derivedStream, type StreamingDataset } from './stream-dataset.js';

/** Options of `streamSplit`. */
export interface StreamSplitOptions {
  /** The fraction of rows to hold out, in (0, 1). */
  testSize: number;
  /** Seeds which rows are held out. Default 0. */
  seed?: number;
}

/**
 * Splits a stream into two streams over the same file: row `i` is a test row when a seeded 32-bit hash of
 * `(seed, i)` (murmur3's finaliser) falls below `testSize * 2^32`. Each row's side is decided on its own, so
 * nothing is held and every pass agrees; the test side has about `testSize * rows` rows (counted exactly here,
 * from the hashes), not exactly `ceil(testSize * rows)` as `trainTestSplit`, and the split is not stratified.
 * @example
 * const { train, test } = streamSplit(await streamCsv('big.csv'), { testSize: 0.15, seed: 0 });
 */
export function streamSplit(data: StreamingDataset, options: StreamSplitOptions): { train: StreamingDataset; test: StreamingDataset } {
  const { testSize, seed = 0 } = options;
  if (!(testSize > 0 && testSize < 1)) throw new ValueError(`streamSplit: testSize must be between 0 and 1, got ${testSize}`);
  const threshold = testSize * 2 ** 32;
  const seedHash = fmix32((Math.trunc(seed) ^ 0x9e3779b9) >>> 0);
  const isTest = (row: number): boolean => fmix32((row >>> 0) ^ fmix32(Math.floor(row / 2 ** 32) ^ seedHash)) < threshold;
  let testRows = 0;
  for (let i = 0; i < data.rows; i++) if (isTest(i)) testRows++;
  if (testRows === 0 || testRows === data.rows) {
    throw new ValueError(`streamSplit: testSize ${testSize} puts ${testRows === 0 ? 'no rows' : 'every row'} of the ${data.rows}-row stream in the test side`);
  }
  return { train: filtered(data, (row) => !isTest(row), data.rows - testRows), test: filtered(data, isTest, testRows) };
}

function filtered(data: StreamingDataset, keep: (row: number) => boolean, rows: number): StreamingDataset {
  const d = data.featureNames.length;
  return derivedStream(data, rows, async function* (chunkRows) {
    let start = 0;
    for await (const chunk of data.chunks(chunkRows)) {
      const source = chunk.x.data;
      const n = chunk.x.shape[0];
      const x = allocate(chunk.x.dtype, n * d);
      // A stream without labels has an empty y in every chunk, and keeps it.
      const y = new Int32Array(chunk.y.length);
      let kept = 0;
      for (let i = 0; i < n; i++) {
        if (!keep(chunk.start + i)) continue;
        x.set(source.subarray(i * d, i * d + d), kept * d);
        if (y.length > 0) y[kept] = chunk.y[i];
        kept++;
      }
      if (kept === 0) continue;
      yield { x: new Tensor(x.slice(0, kept * d), [kept, d]), y: y.slice(0, kept), start };
      start += kept;
    }
  });
}

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
