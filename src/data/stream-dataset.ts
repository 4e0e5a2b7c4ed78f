// A dataset read in chunks, for data larger than memory: the schema up front, the rows one pass at a time.
import { RowError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Dataset } from './dataset.js';
import type { FeatureStatistics } from './stream-statistics.js';

/**
 * Consecutive rows of a stream: `x` is `[b, D]`, `y` their class indices (empty for a stream without labels), `start`
 * the first row's 0-based position.
 */
export interface StreamChunk {
  readonly x: Tensor;
  readonly y: Int32Array;
  readonly start: number;
}

/**
 * Labelled rows that are read, not held: every call of `chunks` reads them again, start to end, in the same
 * order, holding only one chunk (and whatever the reader buffers) at a time. `streamCsv` makes one from a file;
 * `fit` and `Classifier.fit` train from one in constant memory.
 */
export interface StreamingDataset {
  /** Class names; the index of a name is its class id. */
  readonly classes: string[];
  /** One name per feature column. */
  readonly featureNames: string[];
  readonly labelName: string;
  /** Rows per pass. */
  readonly rows: number;
  /** The file the rows come from. */
  readonly source?: string;
  readonly warnings?: string[];
  /** The features' mean and variance and the class counts, when a pass has already measured them. */
  readonly statistics?: FeatureStatistics;
  /** One pass over the rows, in order, in chunks of at most `chunkRows` rows. */
  chunks(chunkRows?: number): AsyncIterable<StreamChunk>;
}

/** Whether `data` is a stream (it has `chunks`) rather than rows in memory. */
export function isStreamingDataset(data: Dataset | StreamingDataset): data is StreamingDataset {
  return typeof (data as StreamingDataset).chunks === 'function';
}

/**
 * The same stream with `transform` applied to each chunk's features, e.g. a fitted scaler's `transform`.
 * Statistics are not carried over (they describe the untransformed features).
 * @example
 * const scaled = mapFeatures(stream, (x) => scaler.transform(x));
 */
export function mapFeatures(data: StreamingDataset, transform: (x: Tensor) => Tensor): StreamingDataset {
  return derivedStream(data, data.rows, async function* (chunkRows) {
    for await (const chunk of data.chunks(chunkRows)) yield { x: inChunk(chunk.start, () => transform(chunk.x)), y: chunk.y, start: chunk.start };
  });
}

/** `work()` on the chunk of rows from `start`, a RowError about one of them re-thrown as a row of the whole data. */
export function inChunk<T>(start: number, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw error instanceof RowError ? error.shifted(start) : error;
  }
}

/** `data` with its own rows and chunks (a split or a transform), less `statistics`, which describe `data`'s chunks. */
export function derivedStream(data: StreamingDataset, rows: number, chunks: StreamingDataset['chunks']): StreamingDataset {
  const { classes, featureNames, labelName, source, warnings } = data;
  return { classes, featureNames, labelName, rows, source, warnings, chunks };
}
