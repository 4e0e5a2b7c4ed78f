// A CSV file (or text) as a table of text cells and its labels: the one CSV reader, keeping the features as written.
import type { CsvOptions } from '../csv.js';
import { DEFAULT_MISSING_VALUES } from './missing-cells.js';
import { MAX_IN_MEMORY_ROW_CHARS } from '../csv.js';
import { CsvReader, fileChunks, type RowChunk } from '../csv-reader.js';
import { RowLines } from '../row-lines.js';
import { CellColumn } from './cell-column.js';
import { readJsonTable, recordFormatOf, recordLabel } from './read-json.js';
import type { LabelledTable, Table } from './table.js';

/** Options of `readTable`: `readCsv`'s, and the spellings of a missing cell (a label may not be missing). */
export interface TableOptions extends Omit<CsvOptions, 'dtype'> {
  /** Default `DEFAULT_MISSING_VALUES`. */
  missingValues?: readonly string[];
}

/**
 * Reads a CSV file as `readCsv` does (the same checks and errors for the file, its header, ragged rows and labels),
 * but keeps the feature cells as text, for a `TableEncoder` to type and encode. A `.tsv` file is tab-separated; a
 * `.json` file (an array of records) or `.jsonl` / `.ndjson` file (a record per line) is read by `readJsonTable`.
 * @example
 * const { table, y, classes } = await readTable('penguins.csv', { label: 'species' });
 */
export async function readTable(path: string, options: TableOptions = {}): Promise<LabelledTable> {
  if (recordFormatOf(path) !== null) {
    return readJsonTable(path, { label: recordLabel(options.label, path, 'readTable'), classes: options.classes });
  }
  const [lines, columns] = [new RowLines(), [] as CellColumn[]];
  const reader = new CsvReader(path, withMissingLabels(options), { maxRowChars: MAX_IN_MEMORY_ROW_CHARS, caller: 'readTable', lines, textColumns: columns });
  const chunks: RowChunk[] = [];
  for await (const chunk of fileChunks(path, reader)) chunks.push(chunk);
  return collect(reader, chunks, columns, lines);
}

/**
 * `readTable` of CSV text; messages name `<string>` as the file.
 * @example
 * const { table } = parseTable('island,mass\nDream,3500\nBiscoe,NA\n', { label: null });
 * table.columns.map((column) => column.cells()); // [['Dream', 'Biscoe'], ['3500', 'NA']]
 */
export function parseTable(text: string, options: TableOptions = {}): LabelledTable {
  const [lines, columns] = [new RowLines(), [] as CellColumn[]];
  const reader = new CsvReader('<string>', withMissingLabels(options), { lines, textColumns: columns });
  return collect(reader, reader.finish(text), columns, lines);
}

/** A label spelled as missing is no class: such a row is an error naming its line. */
export function withMissingLabels(options: TableOptions): TableOptions {
  return { ...options, missingLabels: options.missingLabels ?? options.missingValues ?? DEFAULT_MISSING_VALUES };
}

function collect(reader: CsvReader, chunks: RowChunk[], columns: CellColumn[], lines: RowLines): LabelledTable {
  const { schema, rows, classes, recode, warnings } = reader.summary();

  const y = new Int32Array(schema.labelColumn >= 0 ? rows : 0);
  if (y.length > 0) for (const chunk of chunks) y.set(chunk.y, chunk.start);
  if (recode !== null) for (let i = 0; i < y.length; i++) y[i] = recode[y[i]];
  const names = schema.featureColumns.map((j) => schema.columnNames[j]);
  const table: Table = { names, columns: names.map((_, k) => columns[k] ?? new CellColumn()), source: schema.source, lines, fileColumns: schema.featureColumns };
  return { table, y, classes, labelName: schema.labelName, warnings };
}
