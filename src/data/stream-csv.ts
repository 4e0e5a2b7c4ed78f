// A CSV file as a StreamingDataset: one checking pass up front, then as many reading passes as training needs.
import { nodeFsPromises } from '../builtins.js';
import { CsvError, ValueError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { checkCsvOptions } from './csv-checks.js';
import { CsvReader, fileChunks } from './csv-reader.js';
import type { CsvSchema } from './csv-schema.js';
import type { CsvOptions } from './csv.js';
import { cannotRead } from './file-text.js';
import type { StreamChunk, StreamingDataset } from './stream-dataset.js';
import { RunningMoments, type FeatureStatistics } from './stream-statistics.js';

/** Options of `streamCsv`: readCsv's, with the same meaning. */
export type StreamCsvOptions = CsvOptions;

const DEFAULT_CHUNK_ROWS = 4096;
// A longer unfinished row is an error rather than a reason to hold the rest of the file (see streamCsv).
export const MAX_ROW_CHARS = 8 << 20;

/**
 * Opens a CSV file for training without loading it. One pass, in pieces of about 1 MiB, checks every row as
 * `readCsv` does (the same errors, the first problem in the file reported) and measures what training needs up
 * front: the row count, the classes (`LabelEncoder` order, or `options.classes`), each class's count, and the
 * features' mean and variance (Welford) for standardisation. Every `chunks()` call reads the file again, in memory
 * constant in the file's size; a file that changes after the first pass is an error, not silently different data.
 *
 * A row may span at most 8 Mi characters, so that a quoted field never closed stops the read instead of pulling
 * the rest of the file into memory. Read with no label column (`label: null`, or `labelOptional` and none in the file),
 * the classes are empty and so is every chunk's `y`, as readCsv's dataset is: such a stream is read, not trained on.
 * @example
 * const big = await streamCsv('big.csv', { label: 'species' });
 * big.rows; big.classes; // known before training
 * await new Classifier({ epochs: 3 }).fit(big);
 */
export async function streamCsv(path: string, options: StreamCsvOptions = {}): Promise<CsvStream> {
  checkCsvOptions(options, 'streamCsv');
  const version = await fileVersion(path);
  const reader = streamReader(path, options);
  let moments: RunningMoments | null = null;
  for await (const chunk of fileChunks(path, reader)) {
    moments ??= new RunningMoments(reader.schema!.featureColumns.length, options.classes?.length ?? 0);
    moments.add(chunk.x, chunk.y, chunk.rows);
  }
  const { schema, classes, recode, warnings } = reader.summary();
  // The pass counted rows per label code; the codes are class ids once recoded.
  const measured = moments!.result();
  const classCounts = classes.map(() => 0);
  measured.classCounts.forEach((count, code) => (classCounts[recode === null ? code : recode[code]] += count));
  return new CsvStream(path, options, schema, classes, warnings, { ...measured, classCounts }, version);
}

/** A reader of the file at `path` with the stream's row limit. */
function streamReader(path: string, options: StreamCsvOptions, chunkRows?: number): CsvReader {
  return new CsvReader(path, options, { chunkRows, maxRowChars: MAX_ROW_CHARS, caller: 'streamCsv' });
}

/** The StreamingDataset of a CSV file, as `streamCsv` returns it. */
export class CsvStream implements StreamingDataset {
  readonly featureNames: string[];
  readonly labelName: string;
  readonly rows: number;
  readonly source: string;
  /** Element type of the chunks' features (`options.dtype`, default float32). */
  readonly dtype: DType;

  constructor(
    readonly path: string,
    private readonly options: StreamCsvOptions,
    private readonly schema: CsvSchema,
    readonly classes: string[],
    readonly warnings: string[],
    readonly statistics: FeatureStatistics,
    private readonly version: string,
  ) {
    this.featureNames = schema.featureColumns.map((j) => schema.columnNames[j]);
    this.labelName = schema.labelName;
    this.rows = statistics.rows;
    this.source = path;
    this.dtype = options.dtype ?? 'float32';
  }

  /** One pass over the file's rows, `chunkRows` at a time (default 4096); each chunk is new arrays. */
  async *chunks(chunkRows = DEFAULT_CHUNK_ROWS): AsyncGenerator<StreamChunk> {
    if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new ValueError(`CsvStream.chunks: chunkRows must be a positive whole number, got ${chunkRows}`);
    if ((await fileVersion(this.path)) !== this.version) {
      throw new CsvError(`${this.path}: the file changed after streamCsv read it; call streamCsv again`);
    }
    const d = this.featureNames.length;
    const reader = streamReader(this.path, { ...this.options, classes: this.classes }, chunkRows);
    const labelled = this.schema.labelColumn >= 0;
    for await (const chunk of fileChunks(this.path, reader)) {
      yield { x: new Tensor(chunk.x, [chunk.rows, d]), y: labelled ? chunk.y : new Int32Array(0), start: chunk.start };
    }
    if (reader.rows !== this.rows) throw new CsvError(`${this.path}: the file changed after streamCsv read it (${reader.rows} rows, not ${this.rows}); call streamCsv again`);
  }
}

/** Size and modification time: enough to notice a file replaced or rewritten between passes. */
export async function fileVersion(path: string): Promise<string> {
  try {
    const s = await nodeFsPromises().stat(path);
    if (s.isDirectory()) throw new CsvError(`${path}: cannot read the file: it is a directory`);
    return `${s.size}:${s.mtimeMs}`;
  } catch (error) {
    if (error instanceof CsvError) throw error;
    throw cannotRead(path, error);
  }
}
