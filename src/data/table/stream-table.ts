// A table file as a StreamingDataset: a first pass counts each column's cells and fits the column plan, every later
// pass reads the rows again and encodes them, a chunk at a time, in memory that does not grow with the file.
import { CsvError, ValueError } from '../../errors.js';
import { CsvReader, fileChunks } from '../csv-reader.js';
import type { CsvSchema } from '../csv-schema.js';
import { RowLines } from '../row-lines.js';
import type { StreamChunk, StreamingDataset } from '../stream-dataset.js';
import { fileVersion, MAX_ROW_CHARS } from '../stream-csv.js';
import { CellColumn } from './cell-column.js';
import { ColumnFacts } from './column-facts.js';
import { missingMask } from './missing-cells.js';
import { withMissingLabels, type TableOptions } from './read-table.js';
import { cellPlace, tableRows, type Table } from './table.js';
import { classIds, jsonLines, lastKey, recordFormatOf, recordLabel } from './read-json.js';
import { parquetRowGroups } from './read-parquet.js';
import { arrowBatches } from './read-arrow.js';
import { tableFromRecords, type RecordValue } from './records.js';
import { sortClasses } from '../label-encoder.js';
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
  // Each column's counts, by name: records may bring a key late, its earlier rows then missing.
  const facts = new Map<string, ColumnFacts>();
  const pass = tablePass(path, csv, DEFAULT_CHUNK_ROWS);
  for await (const { table, start } of pass.chunks()) {
    table.names.forEach((name, j) => {
      let counted = facts.get(name);
      if (counted === undefined) {
        facts.set(name, (counted = new ColumnFacts(MAX_DISTINCT)));
        counted.missing += start;
      }
      const column = table.columns[j];
      counted.add(column, missingMask(column, encoder.missingValues), (row) => cellPlace(table, row, j));
    });
    for (const [name, counted] of facts) if (!table.names.includes(name)) counted.missing += tableRows(table);
  }
  const { names, classes, labelName, warnings, rows } = pass.summary();
  encoder.fitCounted(names, names.map((name) => facts.get(name) ?? new ColumnFacts(MAX_DISTINCT)), path);
  const missing = new Map(names.map((name) => [name, facts.get(name)?.missing ?? 0]));
  return new TableStream(path, csv, encoder, classes, labelName, rows, warnings, version, missing);
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
    if (pass.summary().rows !== this.rows) throw new CsvError(`${this.path}: the file changed after streamTable read it (${pass.summary().rows} rows, not ${this.rows}); call streamTable again`);
  }
}

/** Whether `data` is a table stream, whose chunks come encoded by its own column plan. */
export function isTableStream(data: unknown): data is TableStream {
  return data instanceof TableStream;
}

function featureNames(schema: CsvSchema): string[] {
  return schema.featureColumns.map((j) => schema.columnNames[j]);
}

/** One pass over a table file, a chunk at a time; after it, what the pass found. */
interface TablePass {
  /** Each chunk's rows as a table of their cells (with their lines, for errors), their labels and first row's position. */
  chunks(): AsyncGenerator<{ table: Table; y: Int32Array; start: number }>;
  /** After the chunks: the feature columns, the classes (in `LabelEncoder` order, or as given), the rows. */
  summary(): { names: string[]; classes: string[]; labelName: string; rows: number; warnings: string[] };
}

/** A pass over a CSV file, a JSON Lines file (`.jsonl`, `.ndjson`), a Parquet file or an Arrow IPC file. */
function tablePass(path: string, options: TableOptions, chunkRows: number): TablePass {
  switch (recordFormatOf(path)) {
    case 'jsonl':
      return recordsPass(path, options, chunkRows, () => jsonLineRecords(path));
    case 'parquet':
      return recordsPass(path, options, chunkRows, () => parquetRecords(path));
    case 'arrow':
      return recordsPass(path, options, chunkRows, () => arrowRecords(path));
    default:
      return csvPass(path, options, chunkRows);
  }
}

/** Records of a file, each with the line it starts on where the format has lines. */
type RecordSource = () => AsyncIterable<{ record: Record<string, RecordValue>; line?: number }>;

async function* jsonLineRecords(path: string): AsyncGenerator<{ record: Record<string, RecordValue>; line: number }> {
  for await (const [record, line] of jsonLines(path)) yield { record, line };
}

async function* parquetRecords(path: string): AsyncGenerator<{ record: Record<string, RecordValue> }> {
  for await (const { records } of parquetRowGroups(path)) for (const record of records) yield { record };
}

async function* arrowRecords(path: string): AsyncGenerator<{ record: Record<string, RecordValue> }> {
  for await (const records of arrowBatches(path)) for (const record of records) yield { record };
}

/**
 * A pass over a file of records (JSON Lines, Parquet): `chunkRows` records at a time, as `tableFromRecords` reads
 * them. Without `classes`, the labels are gathered for `summary`, and a chunk's labels are codes into its own sorted
 * classes, not the file's.
 */
function recordsPass(path: string, options: TableOptions, chunkRows: number, source: RecordSource): TablePass {
  const given = options.classes;
  const classId = given ? classIds(given) : null;
  const seen = new Set<string>();
  const names: string[] = [];
  let [rows, label] = [0, recordLabel(options.label, path, 'streamTable')];
  async function* chunks(): AsyncGenerator<{ table: Table; y: Int32Array; start: number }> {
    let batch: Record<string, RecordValue>[] = [];
    let lines: RowLines | undefined;
    const chunk = () => {
      const data = tableFromRecords(batch, { label, source: path, lines, recordsBefore: rows });
      for (const name of data.table.names) if (!names.includes(name)) names.push(name);
      for (const c of data.classes) seen.add(c);
      const at = data.table.lines;
      const y = classId === null ? data.y : Int32Array.from(data.y, (code, row) => classId(data.classes[code], () => (at ? `${path}:${at.lineOf(row)}` : `${path}: record ${rows + row + 1}`)));
      const out = { table: data.table, y, start: rows };
      rows += batch.length;
      [batch, lines] = [[], undefined];
      return out;
    };
    for await (const { record, line } of source()) {
      // The label by default: the first record's last key, as readJsonTable has it.
      if (label === undefined) label = lastKey(record) ?? null;
      if (line !== undefined) (lines ??= new RowLines()).add(batch.length, line);
      batch.push(record);
      if (batch.length === chunkRows) yield chunk();
    }
    if (batch.length > 0) yield chunk();
    if (rows === 0) throw new CsvError(`${path}: no records`);
  }
  return {
    chunks,
    summary: () => ({ names, classes: given ? [...given] : sortClasses([...seen]), labelName: typeof label === 'string' ? label : '', rows, warnings: [] }),
  };
}

/**
 * A pass over a CSV file. The reader appends every row's cells to shared columns; once the rows handed out outnumber
 * a few chunks, the rest moves to new columns, whose distinct texts start afresh.
 */
function csvPass(path: string, options: TableOptions, chunkRows: number): TablePass {
  const columns: CellColumn[] = [];
  const lines = new RowLines();
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
  const summary = () => {
    const { schema, classes, warnings, rows } = reader.summary();
    return { names: featureNames(schema), classes, labelName: schema.labelName, rows, warnings };
  };
  return { chunks, summary };
}
