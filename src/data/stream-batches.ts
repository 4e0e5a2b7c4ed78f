// Mini-batches from a stream, in an order drawn through a seeded shuffle buffer (TensorFlow's Dataset.shuffle).
import { ValueError } from '../errors.js';
import { allocate, dtypeOf, type FloatArray } from '../tensor/dtype.js';
import { makeRng, type Rng } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { checkBatchSize, type BatchesOptions } from './batches.js';
import { RandomOrder, shuffleDraws } from './shuffle.js';
import type { StreamingDataset } from './stream-dataset.js';

// Rows read per chunk from the stream.
const READ_ROWS = 4096;

/** Options of `streamBatches`: `batches`' `batchSize` and `seed`, and a shuffle through a buffer of rows. */
export interface StreamBatchesOptions extends Pick<BatchesOptions, 'batchSize' | 'seed'> {
  /** Draw the rows through the shuffle buffer. Default true; false keeps the stream's order. */
  shuffle?: boolean;
  /** Rows the shuffle buffer holds: the memory it costs, and how far a row can move. Default 10000. */
  shuffleBuffer?: number;
}

/** One mini-batch: `x` is `[b, D]`, `y` has length b. */
export interface StreamBatch {
  x: Tensor;
  y: Int32Array;
}

/**
 * The mini-batches of a stream, one epoch per iteration (`for await (const { x, y } of loader)`), in constant
 * memory. With `shuffle`, rows pass through a buffer of `shuffleBuffer` rows, as TensorFlow's
 * `Dataset.shuffle(bufferSize)` does it: the first rows fill the buffer; then each arriving row takes the place
 * of a buffered row drawn at random from the seeded stream, which goes to the batch; at the end of the stream the
 * buffer empties in a random (Fisher-Yates) order. When the buffer holds the whole stream, an epoch's order is
 * therefore exactly `batches`' order for the same seed. A smaller buffer mixes rows only within about
 * `shuffleBuffer` rows of each other: for a file sorted by class, use a buffer that spans the classes or
 * shuffle the file once beforehand.
 * @example
 * const loader = streamBatches(await streamCsv('big.csv'), { batchSize: 64, seed: 0 });
 * for (let epoch = 0; epoch < 3; epoch++) for await (const { x, y } of loader) step(x, y);
 */
export function streamBatches(data: StreamingDataset, options: StreamBatchesOptions = {}): StreamBatches {
  return new StreamBatches(data, options);
}

/** An async iterable of mini-batches that can be iterated once per epoch; see `streamBatches`. */
export class StreamBatches implements AsyncIterable<StreamBatch> {
  /** Batches per epoch. */
  readonly length: number;
  private readonly batchSize: number;
  private readonly shuffle: boolean;
  private readonly bufferRows: number;
  private readonly rng: Rng;
  private buffer: { x: FloatArray; y: Int32Array } | null = null;

  constructor(
    private readonly data: StreamingDataset,
    options: StreamBatchesOptions = {},
  ) {
    this.batchSize = checkBatchSize(options, 'streamBatches');
    const shuffleBuffer = options.shuffleBuffer ?? 10000;
    if (!Number.isInteger(shuffleBuffer) || shuffleBuffer < 1) {
      throw new ValueError(`streamBatches: shuffleBuffer must be a positive whole number of rows, got ${shuffleBuffer}`);
    }
    this.shuffle = options.shuffle ?? true;
    this.bufferRows = Math.max(1, Math.min(shuffleBuffer, data.rows));
    this.rng = makeRng(options.seed ?? 0);
    this.length = Math.ceil(data.rows / this.batchSize);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<StreamBatch> {
    const d = this.data.featureNames.length;
    const { batchSize, bufferRows } = this;
    // One generator per epoch, keyed from the seeded stream as `batches` keys its epochs, for both the buffer's
    // draws and its final shuffle: with a buffer that holds every row, the epoch is `batches`' order.
    const draws = this.shuffle ? shuffleDraws(this.rng) : null;
    let batch: { x: FloatArray; y: Int32Array } | null = null;
    let filled = 0;
    let done: StreamBatch[] = [];
    const take = (x: FloatArray, y: Int32Array, row: number): void => {
      batch ??= { x: allocate(dtypeOf(x), batchSize * d), y: new Int32Array(batchSize) };
      batch.x.set(x.subarray(row * d, row * d + d), filled * d);
      batch.y[filled] = y[row];
      if (++filled === batchSize) {
        done.push({ x: new Tensor(batch.x, [batchSize, d]), y: batch.y });
        batch = null;
        filled = 0;
      }
    };

    let held = 0;
    for await (const chunk of this.data.chunks(READ_ROWS)) {
      const x = chunk.x.data;
      const y = chunk.y;
      for (let i = 0; i < y.length; i++) {
        if (!draws) {
          take(x, y, i);
          continue;
        }
        this.buffer ??= { x: allocate(chunk.x.dtype, bufferRows * d), y: new Int32Array(bufferRows) };
        const buffer = this.buffer;
        if (held < bufferRows) {
          buffer.x.set(x.subarray(i * d, i * d + d), held * d);
          buffer.y[held++] = y[i];
          continue;
        }
        const slot = Math.floor(draws.next() * bufferRows);
        take(buffer.x, buffer.y, slot);
        buffer.x.set(x.subarray(i * d, i * d + d), slot * d);
        buffer.y[slot] = y[i];
      }
      yield* done;
      done = [];
    }
    if (draws && this.buffer) {
      const rest = new RandomOrder(held, draws);
      rest.settleTo(held);
      for (let i = 0; i < held; i++) take(this.buffer.x, this.buffer.y, rest.order[i]);
    }
    const last = batch as { x: FloatArray; y: Int32Array } | null;
    if (last !== null && filled > 0) done.push({ x: new Tensor(last.x.slice(0, filled * d), [filled, d]), y: last.y.slice(0, filled) });
    yield* done;
  }
}
