// Mini-batches over a dataset, reshuffled every epoch from one seeded stream, without copying the dataset.
import { ValueError } from '../errors.js';
import { allocate, type FloatArray } from '../tensor/dtype.js';
import { makeRng, type Rng, type SeedOrRng } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { numRows, type Dataset } from './dataset.js';
import { RandomOrder, shuffleDraws } from './shuffle.js';

/** Options of `batches`; PyTorch `DataLoader`'s names and defaults, with `seed` for its generator. */
export interface BatchesOptions {
  /** Rows per batch. Default 32. */
  batchSize?: number;
  /** Visit the rows in a new random order every epoch. Default true (PyTorch's default is false). */
  shuffle?: boolean;
  /** Seed or RNG of the one stream all epochs' orders are drawn from. Default 0. */
  seed?: SeedOrRng;
  /** Leave out the last batch of an epoch if it is smaller than `batchSize`. Default false. */
  dropLast?: boolean;
}

/** `options.batchSize` (default 32) once checked; messages start with `caller` (`batches`, `streamBatches`). */
export function checkBatchSize(options: Pick<BatchesOptions, 'batchSize'>, caller: string): number {
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`${caller}: batchSize must be a positive whole number, got ${batchSize}`);
  return batchSize;
}

/** One mini-batch: `x` is `[b, D]`; `y` and `indices` (rows of the dataset) have length b. */
export interface Batch {
  x: Tensor;
  /** Class indices; empty when the dataset has no labels. */
  y: Int32Array;
  indices: Int32Array;
}

/**
 * The mini-batches of a dataset, one epoch per iteration: `for (const epoch ...) for (const batch of loader)`.
 * Each iteration draws the next row order from the same seeded stream, so epoch 2's order differs from
 * epoch 1's and the whole sequence of epochs repeats for the same seed.
 *
 * Without `shuffle`, `x` and `y` are views of the dataset's rows (no copy). With `shuffle`, each batch's
 * rows are gathered into new arrays: the gather costs about what one forward layer allocates, and a batch
 * that stays valid after the next one is produced (collected, or kept for logging) is worth more than
 * reusing a buffer. The dataset itself is never copied per epoch.
 * @example
 * const loader = batches(train, { batchSize: 16, seed: 0 });
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const { x, y } of loader) step(x, y);
 * }
 */
export function batches(dataset: Dataset, options: BatchesOptions = {}): Batches {
  return new Batches(dataset, options);
}

/** An iterable of mini-batches that can be iterated once per epoch; see `batches`. */
export class Batches implements Iterable<Batch> {
  /** Batches per epoch. */
  readonly length: number;
  private readonly batchSize: number;
  private readonly shuffle: boolean;
  private readonly dropLast: boolean;
  private readonly rng: Rng;

  constructor(
    private readonly dataset: Dataset,
    options: BatchesOptions = {},
  ) {
    this.batchSize = checkBatchSize(options, 'batches');
    this.shuffle = options.shuffle ?? true;
    this.dropLast = options.dropLast ?? false;
    this.rng = makeRng(options.seed ?? 0);
    const n = numRows(dataset);
    this.length = this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  [Symbol.iterator](): Iterator<Batch> {
    return this.epoch(false) as Iterator<Batch>;
  }

  /**
   * @internal One epoch (as iterating does) whose shuffled batches all share one `x` and one `y` array (and
   * full batches one `x` tensor), overwritten by the next batch: for a caller that is done with each batch before it asks for the next,
   * as `fit` is. It saves allocating and collecting a batch of rows per step (one W2 epoch: 188 MB).
   *
   * With `deferRows`, a shuffled batch comes with `pending` set and its `x` not yet filled: the caller either
   * reads the rows through `indices` itself (fit's fused step gathers them into wasm memory) or calls
   * `fillRows(batch)` first.
   */
  reusingBuffers(deferRows = false): IterableIterator<PendingBatch> {
    return this.epoch(true, deferRows) as IterableIterator<PendingBatch>;
  }

  /** @internal Fills a pending batch's `x` with its rows (see `reusingBuffers`). */
  fillRows(batch: PendingBatch): void {
    if (!batch.pending) return;
    const d = this.dataset.x.shape[1];
    gatherRows(this.dataset.x.data, d, this.dataset.y, batch.indices, batch.x.data, NO_LABELS);
    batch.pending = false;
  }

  /** One epoch's batches; with `reuse`, each has `pending` (see `reusingBuffers`), else it is a plain Batch. */
  private *epoch(reuse: boolean, deferRows = false): Generator<Batch | PendingBatch> {
    const { dataset, batchSize } = this;
    const n = numRows(dataset);
    const d = dataset.x.shape[1];
    const labelled = dataset.y.length > 0;
    // A fresh order array per epoch, so the `indices` of earlier batches stay what they were.
    const random = this.shuffle ? new RandomOrder(n, shuffleDraws(this.rng)) : null;
    // Reused arrays, and the tensor over all of them that every full batch yields again.
    let shared: { x: FloatArray; y: Int32Array; full: Tensor } | null = null;
    for (let b = 0; b < this.length; b++) {
      const start = b * batchSize;
      const end = Math.min(start + batchSize, n);
      const rows = end - start;
      if (!random) {
        const batch: Batch = {
          x: new Tensor(dataset.x.data.subarray(start * d, end * d), [rows, d]),
          y: labelled ? dataset.y.subarray(start, end) : new Int32Array(0),
          indices: rowRange(start, end),
        };
        yield reuse ? { ...batch, pending: false } : batch;
        continue;
      }
      random.settleTo(end);
      const indices = random.order.subarray(start, end);
      let x: FloatArray;
      let y: Int32Array;
      let tensor: Tensor | null = null;
      if (!reuse) {
        x = allocate(dataset.x.dtype, rows * d);
        y = new Int32Array(labelled ? rows : 0);
      } else {
        if (shared === null) {
          const all = allocate(dataset.x.dtype, batchSize * d);
          shared = { x: all, y: new Int32Array(labelled ? batchSize : 0), full: new Tensor(all, [batchSize, d]) };
        }
        // A full batch makes no views or tensor: they cost most while V8 still interprets this (W1: 1000 batches).
        const full = rows === batchSize;
        x = full ? shared.x : shared.x.subarray(0, rows * d);
        y = full ? shared.y : shared.y.subarray(0, labelled ? rows : 0);
        if (full) tensor = shared.full;
      }
      gatherRows(dataset.x.data, d, dataset.y, indices, deferRows ? null : x, y);
      const batchX = tensor ?? new Tensor(x, [rows, d]);
      yield reuse ? { x: batchX, y, indices, pending: deferRows } : { x: batchX, y, indices };
    }
  }
}

/** The row numbers `start .. end-1`: an unshuffled batch's `indices`. */
function rowRange(start: number, end: number): Int32Array {
  const rows = new Int32Array(end - start);
  for (let i = 0; i < rows.length; i++) rows[i] = start + i;
  return rows;
}

/** @internal gatherRows' labels out, for a caller that has them already. */
export const NO_LABELS = new Int32Array(0);

/** @internal A batch from `reusingBuffers`: `pending` while its `x` is not filled yet. */
export interface PendingBatch extends Batch {
  pending: boolean;
}

/**
 * @internal Copies rows `indices` of `source` (rows of `d` values) into `x` (when given), and their labels into `y`
 * (when `y` is not empty). A plain function rather than a loop in the generator: a generator body runs once per epoch,
 * so V8 would run its loop unoptimised for most of a short run (one W2 epoch: 168 ms inline, 93 ms here). Each loop
 * is a small function of its own for the same reason: V8 optimises a small function sooner and compiles it faster
 * (W4's first steps wait for these).
 */
export function gatherRows(source: FloatArray, d: number, labels: Int32Array, indices: Int32Array, x: FloatArray | null, y: Int32Array): void {
  if (y.length > 0) gatherLabels(labels, indices, y);
  if (x === null) return;
  if (d >= 256) gatherLongRows(source, d, indices, x);
  else gatherShortRows(source, d, indices, x);
}

function gatherLabels(labels: Int32Array, indices: Int32Array, y: Int32Array): void {
  for (let r = 0; r < y.length; r++) y[r] = labels[indices[r]];
}

/** Long rows: one memcpy each. */
function gatherLongRows(source: FloatArray, d: number, indices: Int32Array, x: FloatArray): void {
  for (let i = 0; i < indices.length; i++) x.set(source.subarray(indices[i] * d, indices[i] * d + d), i * d);
}

/**
 * Shorter rows eight at a time, interleaved: reads of rows scattered over a large dataset miss the cache, and
 * eight independent streams keep eight misses in flight where one row after another waits for each (W4's
 * 100-value rows: 12 ms an epoch against 20 for set() per row, whose call costs more than it moves).
 */
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

/**
 * Rows starting at f0 .. f7 of `source` into rows starting at t, t + d, .. of `x`. A function of its own
 * with a loop of one row's length: V8 then optimises it with one short compile, where a loop over the whole
 * batch was still running unoptimised when V8 marked it, so it compiled it twice (once to enter mid-loop),
 * and the first steps of a run waited for both (W4: 44.4 -> 41.7 ms, median of 25 fresh processes each).
 */
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
