// Reads CSV text or a file into a Dataset: the rows of one CsvReader pass (csv-reader.ts), collected.
import { nodeFsPromises, nodeV8 } from '../builtins.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { checkCsvOptions } from './csv-checks.js';
import { CsvReader, fileChunks } from './csv-reader.js';
import type { Dataset } from './dataset.js';
import { RowLines } from './row-lines.js';
import { RowStore } from './row-store.js';

// The longest row readCsv holds while it is unfinished: twice streamCsv's, far beyond any table's row, and short
// enough that a quote never closed is a prompt error, not a heap exhausted by papaparse's copies of the growing row
// (figures in bench/workloads/README.md).
export const MAX_IN_MEMORY_ROW_CHARS = 16 << 20;

/** Options of `readCsv` and `parseCsv`. */
export interface CsvOptions {
  /**
   * Label column: a name, or a 0-based index. Default: the last column. `null`: read no label (a file to
   * predict on, whose label column, if any, may hold anything); name the columns to read in `features`.
   */
  label?: string | number | null;
  /** Feature columns (names or 0-based indices), in the order wanted. Default: every column but the label. */
  features?: readonly (string | number)[];
  /** The label column may be missing (a file to predict on); `y` is then empty. */
  labelOptional?: boolean;
  /** Field separator, e.g. `';'` or `'\t'`. Default `','` (a tab for a `.tsv` file), never guessed: a guess can mis-split a text column. */
  delimiter?: string;
  /** Whether the first non-blank line names the columns. Default true; without one, columns are named `'0'`, `'1'`, ... */
  header?: boolean;
  /**
   * A fixed class list (e.g. a saved model's): class ids follow this order, and a label outside it is an error.
   * Default: the distinct labels of the file, in `LabelEncoder` order.
   */
  classes?: readonly string[];
  /**
   * Label cells that mean "no label" (e.g. `['NA', '?']`): such a row is an error naming its line, not a class of
   * its own. Default none: every non-empty label is a class.
   */
  missingLabels?: readonly string[];
  /**
   * Element type of the feature tensor. Default `'float32'`, what training uses. `'float64'` keeps every
   * decimal exactly as written, e.g. to reproduce scikit-learn's scaler statistics to 1e-12.
   */
  dtype?: DType;
}

/**
 * A dataset from CSV text: numeric feature columns become an `[N, D]` tensor, the label column (by default
 * the last) class indices in `LabelEncoder` order. Messages name `<string>` as the file; see `readCsv`.
 * @example
 * const data = parseCsv('x1,x2,label\n0.5,1,a\n1.5,-2,b\n');
 * data.x.shape; // [2, 2]
 * data.classes; // ['a', 'b']
 */
export function parseCsv(text: string, options: CsvOptions = {}): Dataset {
  checkCsvOptions(options, 'readCsv');
  const lines = new RowLines();
  const reader = new CsvReader('<string>', options, { lines });
  const store = new RowStore('<string>', options.dtype ?? 'float32', text.length, Infinity);
  for (const chunk of reader.finish(text)) store.add(chunk, reader.schema!, lines.lineOf(chunk.start));
  return collect(store, reader, lines);
}

/**
 * Reads a UTF-8 CSV file into a dataset. Every problem is a `CsvError` naming the file, the 1-based line
 * and the column, e.g. `iris.csv:17: column 3 ("petal_length"): "abc" is not a number`. Empty and NaN/Infinity
 * cells, ragged rows, duplicate column names, a missing label column, a single class and binary files are
 * errors; a BOM, CRLF line endings, blank lines and quoted fields (with commas or newlines) are fine. Legal
 * but suspicious files (as many classes as rows, a continuous-looking label) give `dataset.warnings`.
 * The file is read in pieces, as `streamCsv` reads it, so only the rows are held, never the whole text, in arrays
 * of their final size; of several problems, the first in the file is reported. A row may span at most 16 Mi
 * characters (a quote never closed stops there), and rows that would take more than Node's heap limit are a
 * `CsvError` that points to `streamCsv`.
 * @example
 * const iris = await readCsv('examples/data/iris.csv', { label: 'species' });
 * iris.x.shape; // [150, 4]
 * iris.classes; // ['setosa', 'versicolor', 'virginica']
 */
export async function readCsv(path: string, options: CsvOptions = {}): Promise<Dataset> {
  checkCsvOptions(options, 'readCsv');
  const lines = new RowLines();
  const reader = new CsvReader(path, options, { maxRowChars: MAX_IN_MEMORY_ROW_CHARS, caller: 'readCsv', lines });
  const store = new RowStore(path, options.dtype ?? 'float32', await fileSize(path), nodeV8().getHeapStatistics().heap_size_limit);
  for await (const chunk of fileChunks(path, reader)) store.add(chunk, reader.schema!, lines.lineOf(chunk.start));
  return collect(store, reader, lines);
}

/** The dataset of a finished read. */
function collect(store: RowStore, reader: CsvReader, lines: RowLines): Dataset {
  const { schema, rows, classes, recode, warnings } = reader.summary();
  const { x, y } = store.take(rows, schema);
  if (recode !== null) for (let i = 0; i < rows; i++) y[i] = recode[y[i]];
  const featureNames = schema.featureColumns.map((j) => schema.columnNames[j]);
  return { x: new Tensor(x, [rows, schema.featureColumns.length]), y, classes, featureNames, labelName: schema.labelName, source: schema.source, warnings, lines };
}

/** The size of a regular file, or 0 for anything else (a pipe, a device): the reader finds out as it goes. */
async function fileSize(path: string): Promise<number> {
  try {
    const stat = await nodeFsPromises().stat(path);
    return stat.isFile() ? stat.size : 0;
  } catch {
    return 0; // the read reports why the file cannot be read
  }
}
