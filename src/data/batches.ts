// Mini-batches of a dataset in memory or of a stream, reshuffled every epoch from one seeded stream of draws.
import { ValueError } from '../errors.js';
import { allocate, dtypeOf, type DType, type FloatArray } from '../tensor/dtype.js';
import { makeRng, type Rng, type SeedOrRng } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { Dataset } from './dataset.js';
import { RandomOrder, shuffleDraws } from './shuffle.js';
import { isStreamingDataset, type StreamingDataset } from './stream-dataset.js';

const READ_ROWS = 4096;

/** Options of `batches`: PyTorch `DataLoader`'s names and defaults, with `seed` for its generator. */
export interface BatchesOptions {
  /** Rows per batch. Default 32. */
  batchSize?: number;
  /** Visit the rows in a new random order every epoch. Default true (PyTorch's default is false). */
  shuffle?: boolean;
  /** Seed or RNG of the one stream all epochs' orders are drawn from. Default 0. */
  seed?: SeedOrRng;
  /** Leave out the last batch of an epoch if it is smaller than `batchSize`. Default false. */
  dropLast?: boolean;
  /** Rows in a stream's shuffle buffer (its memory, and how far a row can move). Default 10000; in memory, all rows. */
  shuffleBuffer?: number;
  /**
   * Fill the same arrays (and `x` tensor) for every batch of one size, in every epoch, instead of new ones: a
   * batch is then valid only until the next one is asked for, as `fit` uses them. Default false.
   */
  reuse?: boolean;
  /** Makes the arrays of the batches' rows: `fit` places them in wasm memory (see WasmArrays). Default `allocate`. */
  allocate?: (dtype: DType, length: number) => FloatArray;
}

/** One mini-batch: `x` is `[b, D]`; `y` and `indices` (rows of the dataset, or positions in the stream) have length b. */
export interface Batch {
  x: Tensor;
  /** Class indices; empty when the dataset has no labels. */
  y: Int32Array;
  indices: Int32Array;
}

/**
 * The mini-batches of a dataset in memory or of a stream, one epoch per iteration: `for (const batch of loader)`
 * in memory, `for await (const batch of loader)` for either. Each epoch draws its row order from the same seeded
 * stream, so epochs differ from one another and the whole sequence repeats for the same seed.
 *
 * A stream's rows pass through a buffer of `shuffleBuffer` rows, as in TensorFlow's `Dataset.shuffle(bufferSize)`:
 * once the buffer is full, each arriving row takes the place of a buffered row drawn at random, which goes to the
 * batch; at the end the buffer empties in Fisher-Yates order. A dataset in memory is that buffer already, so a
 * stream whose buffer holds every row gets the in-memory order. A smaller buffer mixes rows only within about
 * `shuffleBuffer` rows of each other: for a file sorted by class, use a buffer that spans the classes.
 *
 * Without `shuffle` or `reuse`, a batch in memory is a view of the dataset's rows; otherwise its rows are copied
 * (the dataset itself is never copied per epoch).
 * @example
 * const loader = batches(train, { batchSize: 16, seed: 0 });
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const { x, y } of loader) step(x, y);
 * }
 */
export function batches(data: Dataset | StreamingDataset, options: BatchesOptions = {}): Batches {
  return new Batches(data, options);
}

/**
 * `batches` under its earlier name for streams.
 * @example
 * for await (const { x, y } of streamBatches(await streamCsv('big.csv'), { batchSize: 64 })) step(x, y);
 */
export function streamBatches(data: StreamingDataset, options: BatchesOptions = {}): StreamBatches {
  return new StreamBatches(data, options);
}

/** The earlier names of `BatchesOptions` and `Batch`, for streams (and `StreamBatches`, at the end of this file). */
export type StreamBatchesOptions = BatchesOptions;
export type StreamBatch = Batch;

/** An iterable of mini-batches that can be iterated once per epoch; see `batches`. */
export class Batches implements Iterable<Batch>, AsyncIterable<Batch> {
  /** Batches per epoch. */
  readonly length: number;
  private readonly batchSize: number;
  private readonly shuffle: boolean;
  private readonly dropLast: boolean;
  private readonly reuse: boolean;
  private readonly shuffleBuffer: number;
  private readonly rng: Rng;
  private readonly allocate: (dtype: DType, length: number) => FloatArray;
  private readonly rows: number;
  private readonly width: number;
  /** With `reuse`: the arrays of each batch size. */
  private readonly shared = new Map<number, Batch>();
  /** A stream's shuffle buffer: rows, their labels and their positions in the stream. */
  private buffer: { x: FloatArray; y: Int32Array; at: Int32Array } | null = null;

  constructor(
    private readonly data: Dataset | StreamingDataset,
    options: BatchesOptions = {},
    private readonly caller = 'batches',
  ) {
    this.batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new ValueError(`${caller}: batchSize must be a positive whole number, got ${this.batchSize}`);
    }
    this.shuffleBuffer = options.shuffleBuffer ?? 10000;
    if (!Number.isInteger(this.shuffleBuffer) || this.shuffleBuffer < 1) {
      throw new ValueError(`${caller}: shuffleBuffer must be a positive whole number of rows, got ${this.shuffleBuffer}`);
    }
    this.shuffle = options.shuffle ?? true;
    this.dropLast = options.dropLast ?? false;
    this.reuse = options.reuse ?? false;
    this.rng = makeRng(options.seed ?? 0);
    this.allocate = options.allocate ?? allocate;
    this.rows = isStreamingDataset(data) ? data.rows : data.x.shape[0];
    this.width = isStreamingDataset(data) ? data.featureNames.length : data.x.shape[1];
    this.length = this.dropLast ? Math.floor(this.rows / this.batchSize) : Math.ceil(this.rows / this.batchSize);
  }

  /** One epoch of a dataset in memory. */
  *[Symbol.iterator](): Generator<Batch> {
    const data = this.data;
    if (isStreamingDataset(data)) throw new ValueError(`${this.caller}: a stream's batches come one at a time: iterate with for await`);
    const { batchSize, rows: n, width: d } = this;
    const labelled = data.y.length > 0;
    // A fresh order array per epoch, so the `indices` of earlier batches stay what they were.
    const random = this.shuffle ? new RandomOrder(n, shuffleDraws(this.rng)) : null;
    for (let b = 0; b < this.length; b++) {
      const start = b * batchSize;
      const end = Math.min(start + batchSize, n);
      if (random === null && !this.reuse) {
        const y = labelled ? data.y.subarray(start, end) : new Int32Array(0);
        yield { x: new Tensor(data.x.data.subarray(start * d, end * d), [end - start, d]), y, indices: rowRange(start, end) };
        continue;
      }
      random?.settleTo(end);
      const indices = random === null ? rowRange(start, end) : random.order.subarray(start, end);
      const batch = this.batchOf(end - start, labelled, data.x.dtype);
      gatherRows(data.x.data, d, indices, batch.x.data);
      if (labelled) gatherLabels(data.y, indices, batch.y);
      batch.indices.set(indices);
      yield batch;
    }
  }

  /** One epoch, of a stream or of a dataset in memory. */
  async *[Symbol.asyncIterator](): AsyncIterator<Batch> {
    const data = this.data;
    if (!isStreamingDataset(data)) {
      yield* this[Symbol.iterator]();
      return;
    }
    const { batchSize, rows: n, width: d } = this;
    const draws = this.shuffle ? shuffleDraws(this.rng) : null;
    const size = Math.max(1, Math.min(this.shuffleBuffer, n));
    // The shuffle buffer, made at the first chunk (of the stream's element type) and kept for every epoch.
    let buffer = draws === null ? null : this.buffer;
    let batch: Batch | null = null;
    let filled = 0;
    let emitted = 0;
    // Copies a row into the batch (sized for the rows the stream has left); returns the batch when that completes it.
    const take = (x: FloatArray, y: Int32Array, row: number, position: number): Batch | null => {
      batch ??= this.batchOf(n - emitted > 0 ? Math.min(batchSize, n - emitted) : batchSize, true, dtypeOf(x));
      batch.x.data.set(x.subarray(row * d, row * d + d), filled * d);
      batch.y[filled] = y[row];
      batch.indices[filled] = position;
      emitted++;
      if (++filled < batch.y.length) return null;
      const full = batch;
      batch = null;
      filled = 0;
      return full;
    };
    let held = 0;
    for await (const chunk of data.chunks(READ_ROWS)) {
      const x = chunk.x.data;
      if (chunk.y.length !== chunk.x.shape[0]) throw new ValueError(`streamBatches: the stream${data.source ? ` (${data.source})` : ''} has no labels`);
      if (draws !== null && buffer === null) buffer = this.buffer = { x: allocate(chunk.x.dtype, size * d), y: new Int32Array(size), at: new Int32Array(size) };
      for (let i = 0; i < chunk.y.length; i++) {
        let done: Batch | null;
        if (buffer === null) done = take(x, chunk.y, i, chunk.start + i);
        else if (held < size) {
          buffer.x.set(x.subarray(i * d, i * d + d), held * d);
          buffer.y[held] = chunk.y[i];
          buffer.at[held++] = chunk.start + i;
          continue;
        } else {
          const slot = Math.floor(draws!.next() * size);
          done = take(buffer.x, buffer.y, slot, buffer.at[slot]);
          buffer.x.set(x.subarray(i * d, i * d + d), slot * d);
          buffer.y[slot] = chunk.y[i];
          buffer.at[slot] = chunk.start + i;
        }
        if (done !== null && (done.y.length === batchSize || !this.dropLast)) yield done;
      }
    }
    if (draws !== null && buffer !== null) {
      const rest = new RandomOrder(held, draws);
      rest.settleTo(held);
      for (let i = 0; i < held; i++) {
        const done = take(buffer.x, buffer.y, rest.order[i], buffer.at[rest.order[i]]);
        if (done !== null && (done.y.length === batchSize || !this.dropLast)) yield done;
      }
    }
    // A stream that gave fewer rows than it said: what is left, as a batch of its own.
    const last = batch as Batch | null;
    if (last !== null && filled > 0 && !this.dropLast) {
      const rest = this.batchOf(filled, true, last.x.dtype);
      rest.x.data.set(last.x.data.subarray(0, filled * d));
      rest.y.set(last.y.subarray(0, filled));
      rest.indices.set(last.indices.subarray(0, filled));
      yield rest;
    }
  }

  /** The arrays for a batch of `rows` rows: the same ones for every batch of that size with `reuse`, else new. */
  private batchOf(rows: number, labelled: boolean, dtype: DType): Batch {
    let batch = this.reuse ? this.shared.get(rows) : undefined;
    if (batch === undefined) {
      batch = { x: new Tensor(this.allocate(dtype, rows * this.width), [rows, this.width]), y: new Int32Array(labelled ? rows : 0), indices: new Int32Array(rows) };
      if (this.reuse) this.shared.set(rows, batch);
    }
    return batch;
  }
}

/** The row numbers `start .. end-1`: an unshuffled batch's `indices`. */
function rowRange(start: number, end: number): Int32Array {
  const rows = new Int32Array(end - start);
  for (let i = 0; i < rows.length; i++) rows[i] = start + i;
  return rows;
}

function gatherLabels(labels: Int32Array, indices: Int32Array, y: Int32Array): void {
  for (let r = 0; r < y.length; r++) y[r] = labels[indices[r]];
}

/**
 * Copies rows `indices` of `source` (rows of `d` values) into `x`: long rows one memcpy each; shorter rows eight at
 * a time, interleaved, so that eight cache misses on rows scattered over a large dataset are in flight at once.
 */
function gatherRows(source: FloatArray, d: number, indices: Int32Array, x: FloatArray): void {
  if (d >= 256) {
    for (let i = 0; i < indices.length; i++) x.set(source.subarray(indices[i] * d, indices[i] * d + d), i * d);
  } else if (source instanceof Float32Array && x instanceof Float32Array && d % 2 === 0 && source.byteOffset % 8 === 0 && x.byteOffset % 8 === 0) {
    // Even rows on 8-byte boundaries move as float64 words, two values per load and store; no word is converted, so
    // every value arrives as it was (bench/workloads/README.md, "Bulk copies").
    gatherShortRows(pairsOf(source), d / 2, indices, pairsOf(x));
  } else {
    gatherShortRows(source, d, indices, x);
  }
}

/** The float64 words over the same bytes as `x` (its length even, its byte offset a multiple of 8). */
function pairsOf(x: Float32Array): Float64Array {
  return new Float64Array(x.buffer, x.byteOffset, x.length >> 1);
}

/** `gatherRows` for rows shorter than a memcpy is worth: eight rows at a time, interleaved. */
function gatherShortRows(source: FloatArray, d: number, indices: Int32Array, x: FloatArray): void {
  const rows = indices.length;
  let i = 0;
  for (; i + 8 <= rows; i += 8) {
    const f0 = indices[i] * d, f1 = indices[i + 1] * d, f2 = indices[i + 2] * d, f3 = indices[i + 3] * d;
    const f4 = indices[i + 4] * d, f5 = indices[i + 5] * d, f6 = indices[i + 6] * d, f7 = indices[i + 7] * d;
    gatherEightRows(source, d, x, i * d, f0, f1, f2, f3, f4, f5, f6, f7);
  }
  for (; i < rows; i++) for (let j = 0, from = indices[i] * d, to = i * d; j < d; j++) x[to + j] = source[from + j];
}

/** Rows starting at f0 .. f7 of `source` into rows starting at t, t + d, .. of `x`. */
function gatherEightRows(
  source: FloatArray,
  d: number,
  x: FloatArray,
  t: number,
  f0: number,
  f1: number,
  f2: number,
  f3: number,
  f4: number,
  f5: number,
  f6: number,
  f7: number,
): void {
  for (let j = 0; j < d; j++, t++) {
    x[t] = source[f0 + j];
    x[t + d] = source[f1 + j];
    x[t + 2 * d] = source[f2 + j];
    x[t + 3 * d] = source[f3 + j];
    x[t + 4 * d] = source[f4 + j];
    x[t + 5 * d] = source[f5 + j];
    x[t + 6 * d] = source[f6 + j];
    x[t + 7 * d] = source[f7 + j];
  }
}

/** The batches of a stream, as `streamBatches` makes them: `Batches` by its earlier name. */
export class StreamBatches extends Batches {
  constructor(data: StreamingDataset, options: BatchesOptions = {}) {
    super(data, options, 'streamBatches');
  }
}
