// A table file as a StreamingDataset: a first pass counts each column's cells and fits the column plan, every later
// pass reads the rows again and encodes them, a chunk at a time, in memory that does not grow with the file.
import { CsvError, ValueError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { CsvReader, fileChunks } from '../csv-reader.js';
import type { CsvSchema } from '../csv-schema.js';
import { RowLines } from '../row-lines.js';
import type { StreamChunk, StreamingDataset } from '../stream-dataset.js';
import { fileVersion, MAX_ROW_CHARS } from '../stream-csv.js';
import { CellColumn } from './cell-column.js';
import { ColumnFacts } from './column-facts.js';
import { missingMask } from './missing-cells.js';
import { withMissingLabels, type TableOptions } from './read-table.js';
import { cellPlace, type Table } from './table.js';
import { TableEncoder, type TableEncoderOptions } from './table-encoder.js';

/** Options of `streamTable`: `readTable`'s, and the column kinds a user declares (`TableEncoder`'s). */
export interface StreamTableOptions extends TableOptions, Omit<TableEncoderOptions, 'missingValues'> {}

const DEFAULT_CHUNK_ROWS = 4096;
// Distinct values a column's count keeps by name; beyond, a column is judged by how distinct its rows were so far.
const MAX_DISTINCT = 1 << 16;

/**
 * Opens a table file (text categories, missing cells, dates) for training without loading it. A first pass checks
 * every row as `readTable` does and counts each column's cells in bounded memory, from which the column plan
 * (`encoder`) is fitted with the kinds `TableEncoder` would infer; every `chunks()` call reads the file again and
 * encodes its rows. Two things differ from the plan of the same rows in memory: a missing number is filled with the
 * column's mean, not its median, which would need every value held; and a column with more than 65,536 distinct
 * values is judged id-like or not by its rows up to that point, its most frequent values among those counted.
 * @example
 * const big = await streamTable('big.csv', { label: 'species' });
 * big.encoder.columns; // the column plan, before training
 * await new Classifier({ epochs: 3 }).fit(big);
 */
export async function streamTable(path: string, options: StreamTableOptions = {}): Promise<TableStream> {
  const version = await fileVersion(path);
  const { categorical, numeric, ignore, ...csv } = options;
  const encoder = new TableEncoder({ missingValues: csv.missingValues, categorical, numeric, ignore });
  let facts: ColumnFacts[] = [];
  const pass = tablePass(path, csv, DEFAULT_CHUNK_ROWS);
  for await (const { table } of pass.chunks()) {
    if (facts.length === 0) facts = table.names.map(() => new ColumnFacts(MAX_DISTINCT));
    table.columns.forEach((column, j) => facts[j].add(column, missingMask(column, encoder.missingValues), (row) => cellPlace(table, row, j)));
  }
  const { schema, classes, warnings, rows } = pass.reader.summary();
  const names = featureNames(schema);
  encoder.fitCounted(names, facts.length > 0 ? facts : names.map(() => new ColumnFacts(MAX_DISTINCT)), path);
  const missing = new Map(names.map((name, j) => [name, facts[j]?.missing ?? 0]));
  return new TableStream(path, csv, encoder, classes, schema.labelName, rows, warnings, version, missing);
}

/**
 * The StreamingDataset of a table file, as `streamTable` returns it: its chunks are the encoded rows.
 * @example
 * const big = await streamTable('big.csv', { label: 'species' });
 * for await (const { x, y } of big.chunks(1024)) console.log(x.shape, y.length); // [1024, features], 1024
 */
export class TableStream implements StreamingDataset {
  readonly featureNames: string[];
  readonly source: string;

  constructor(
    readonly path: string,
    private readonly options: TableOptions,
    /** The column plan fitted on the first pass; the model keeps it. */
    readonly encoder: TableEncoder,
    readonly classes: string[],
    readonly labelName: string,
    readonly rows: number,
    readonly warnings: string[],
    private readonly version: string,
    /** The missing cells of each column, as the first pass counted them. */
    readonly missingCells: ReadonlyMap<string, number>,
  ) {
    this.featureNames = encoder.featureNames;
    this.source = path;
  }

  /** One pass over the file's rows, encoded, `chunkRows` at a time (default 4096). */
  async *chunks(chunkRows = DEFAULT_CHUNK_ROWS): AsyncGenerator<StreamChunk> {
    if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new ValueError(`TableStream.chunks: chunkRows must be a positive whole number, got ${chunkRows}`);
    if ((await fileVersion(this.path)) !== this.version) throw new CsvError(`${this.path}: the file changed after streamTable read it; call streamTable again`);
    const pass = tablePass(this.path, { ...this.options, classes: this.classes }, chunkRows);
    for await (const { table, y, start } of pass.chunks()) yield { x: this.encoder.transform(table).x, y, start };
    if (pass.reader.rows !== this.rows) throw new CsvError(`${this.path}: the file changed after streamTable read it (${pass.reader.rows} rows, not ${this.rows}); call streamTable again`);
  }
}

/** Whether `data` is a table stream, whose chunks come encoded by its own column plan. */
export function isTableStream(data: unknown): data is TableStream {
  return data instanceof TableStream;
}

function featureNames(schema: CsvSchema): string[] {
  return schema.featureColumns.map((j) => schema.columnNames[j]);
}

/**
 * One pass over a table file: its rows a chunk at a time, as a table of that chunk's cells (with their lines, for
 * errors), their label codes and the first row's position. The reader appends every row's cells to shared columns;
 * once the rows handed out outnumber a few chunks, the rest moves to new columns, whose distinct texts start afresh.
 */
function tablePass(path: string, options: TableOptions, chunkRows: number) {
  const columns: CellColumn[] = [];
  const lines = new WindowLines();
  const reader = new CsvReader(path, withMissingLabels(options), { chunkRows, maxRowChars: MAX_ROW_CHARS, caller: 'streamTable', lines, textColumns: columns });
  async function* chunks(): AsyncGenerator<{ table: Table; y: Int32Array; start: number }> {
    // The row of the file that is row 0 of `columns`.
    let base = 0;
    for await (const chunk of fileChunks(path, reader)) {
      const schema = reader.schema!;
      const local = Array.from({ length: chunk.rows }, (_, i) => chunk.start - base + i);
      const chunkLines = new RowLines();
      for (let i = 0; i < chunk.rows; i++) chunkLines.add(i, lines.lineOf(chunk.start + i));
      const names = featureNames(schema);
      const table: Table = { names, columns: names.map((_, k) => (columns[k] ?? new CellColumn()).take(local)), source: path, lines: chunkLines, fileColumns: schema.featureColumns };
      yield { table, y: schema.labelColumn >= 0 ? chunk.y : new Int32Array(0), start: chunk.start };
      const done = chunk.start + chunk.rows;
      if (done - base >= 4 * chunkRows) {
        for (let k = 0; k < columns.length; k++) {
          const rest = columns[k];
          columns[k] = CellColumn.from(Array.from({ length: rest.length - (done - base) }, (_, i) => rest.cell(done - base + i)));
        }
        base = done;
        lines.forget(done);
      }
    }
  }
  return { reader, chunks };
}

/** The lines of the rows not yet handed out: RowLines's compact entries, the older ones dropped. */
class WindowLines {
  private rows: number[] = [];
  private lines: number[] = [];

  add(row: number, line: number): void {
    const last = this.rows.length - 1;
    if (last >= 0 && line - this.lines[last] === row - this.rows[last]) return;
    this.rows.push(row);
    this.lines.push(line);
  }

  lineOf(row: number): number {
    const k = this.entryOf(row);
    return this.lines[k] + row - this.rows[k];
  }

  /** Drops the entries no row from `row` on needs. */
  forget(row: number): void {
    const keep = this.entryOf(row);
    this.rows = this.rows.slice(keep);
    this.lines = this.lines.slice(keep);
  }

  /** The last entry at or before `row`. */
  private entryOf(row: number): number {
    let [low, high] = [0, this.rows.length - 1];
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this.rows[mid] <= row) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}
