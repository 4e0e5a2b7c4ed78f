// The rows of an in-memory read, gathered straight into arrays of their final size: no second copy of the values.
import { allocate, type DType, type FloatArray } from '../tensor/dtype.js';
import type { RowChunk } from './csv-reader.js';
import { csvError, type CsvSchema } from './csv-schema.js';

/**
 * Holds the chunks of one read. The first arrays are as large as the text could fill (every row holds a delimiter or
 * line end per column and a character per feature at least); pages never written are never resident, so the bound
 * costs address space, not memory. A text of unknown length (a pipe) grows the arrays by doubling. Arrays beyond
 * `budgetBytes` (the old and the new ones together, while growing) are an error naming the line, pointing to
 * streaming.
 */
export class RowStore {
  private x: FloatArray;
  private y = new Int32Array(0);
  private capacity = 0;

  constructor(
    private readonly source: string,
    private readonly dtype: DType,
    /** The text's length in characters or bytes, or 0 when unknown. */
    private readonly textLength: number,
    private readonly budgetBytes: number,
  ) {
    this.x = allocate(dtype, 0);
  }

  /** Stores a chunk's rows; `line` is the line of its first row, for the error when they do not fit. */
  add(chunk: RowChunk, schema: CsvSchema, line: number): void {
    const d = schema.featureColumns.length;
    const end = chunk.start + chunk.rows;
    if (end > this.capacity) this.grow(end, schema, line);
    this.x.set(chunk.x, chunk.start * d);
    if (schema.labelColumn >= 0) this.y.set(chunk.y, chunk.start);
  }

  /** The features and labels of the first `rows` rows (the labels empty when the text had no label column). */
  take(rows: number, schema: CsvSchema): { x: FloatArray; y: Int32Array } {
    const d = schema.featureColumns.length;
    const x = this.x.length === rows * d ? this.x : this.x.subarray(0, rows * d);
    return { x, y: schema.labelColumn >= 0 ? this.y.subarray(0, rows) : new Int32Array(0) };
  }

  private grow(rows: number, schema: CsvSchema, line: number): void {
    const d = schema.featureColumns.length;
    const labelled = schema.labelColumn >= 0;
    const rowBytes = d * (this.dtype === 'float64' ? 8 : 4) + (labelled ? 4 : 0);
    // Growing holds the old arrays and the new ones at once: together they must fit the budget.
    const room = Math.floor(this.budgetBytes / Math.max(1, rowBytes)) - this.capacity;
    if (rows > room) {
      const gb = (this.budgetBytes / 2 ** 30).toFixed(1);
      throw csvError(this.source, line, `holding the rows read so far would take more than ${gb} GiB, the most a dataset in memory may take (Node's heap limit); stream the file instead (streamCsv, softgrad train --stream), or raise the limit with node --max-old-space-size`);
    }
    const bound = Math.floor((this.textLength + 1) / (schema.columnNames.length + d));
    const doubled = Math.min(room, Math.max(rows, 2 * this.capacity));
    let capacity = Math.min(room, Math.max(rows, this.capacity === 0 ? bound : 2 * this.capacity));
    let x: FloatArray;
    try {
      x = allocate(this.dtype, capacity * d);
    } catch (error) {
      // The bound is address space, which a process limit (ulimit -v) may not grant: then grow as a pipe does.
      if (!(error instanceof RangeError) || capacity === doubled) throw error;
      capacity = doubled;
      x = allocate(this.dtype, capacity * d);
    }
    x.set(this.x);
    this.x = x;
    if (labelled) {
      const y = new Int32Array(capacity);
      y.set(this.y);
      this.y = y;
    }
    this.capacity = capacity;
  }
}
