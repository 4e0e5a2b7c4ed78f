// Reads CSV text or a file into a Dataset: the rows of one CsvReader pass (csv-reader.ts), collected.
import { constants } from 'node:buffer';
import { allocate, type DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { checkCsvOptions } from './csv-checks.js';
import { CsvReader, fileChunks, type RowChunk } from './csv-reader.js';
import type { Dataset } from './dataset.js';

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
  /** Field separator, e.g. `';'` or `'\t'`. Default `','`, never guessed: a guess can mis-split a text column. */
  delimiter?: string;
  /** Whether the first non-blank line names the columns. Default true; without one, columns are named `'0'`, `'1'`, ... */
  header?: boolean;
  /**
   * A fixed class list (e.g. a saved model's): class ids follow this order, and a label outside it is an error.
   * Default: the distinct labels of the file, in `LabelEncoder` order.
   */
  classes?: readonly string[];
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
  const reader = new CsvReader('<string>', options);
  return collect(reader.finish(text), reader, options);
}

/**
 * Reads a UTF-8 CSV file into a dataset. Every problem is a `CsvError` naming the file, the 1-based line
 * and the column, e.g. `iris.csv:17: column 3 (petal_length): "abc" is not a number`. Empty and NaN/Infinity
 * cells, ragged rows, duplicate column names, a missing label column, a single class and binary files are
 * errors; a BOM, CRLF line endings, blank lines and quoted fields (with commas or newlines) are fine. Legal
 * but suspicious files (as many classes as rows, a continuous-looking label) give `dataset.warnings`.
 * The file is read in pieces, as `streamCsv` reads it, so only the rows are held, never the whole text; of
 * several problems, the first in the file is reported.
 * @example
 * const iris = await readCsv('examples/data/iris.csv', { label: 'species' });
 * iris.x.shape; // [150, 4]
 * iris.classes; // ['setosa', 'versicolor', 'virginica']
 */
export async function readCsv(path: string, options: CsvOptions = {}): Promise<Dataset> {
  checkCsvOptions(options, 'readCsv');
  // Half the longest string, so that the unfinished row and the piece after it always fit in one.
  const reader = new CsvReader(path, options, { maxRowChars: constants.MAX_STRING_LENGTH >> 1, caller: 'readCsv' });
  const chunks: RowChunk[] = [];
  for await (const chunk of fileChunks(path, reader)) chunks.push(chunk);
  return collect(chunks, reader, options);
}

/** The chunks copied once into arrays of the final size, so at most the chunks and those arrays are held at once. */
function collect(chunks: RowChunk[], reader: CsvReader, options: CsvOptions): Dataset {
  const { schema, rows, classes, recode, warnings } = reader.summary();
  const d = schema.featureColumns.length;
  const labelled = schema.labelColumn >= 0;
  const x = allocate(options.dtype ?? 'float32', rows * d);
  const y = new Int32Array(labelled ? rows : 0);
  for (const chunk of chunks) {
    x.set(chunk.x, chunk.start * d);
    if (labelled) y.set(chunk.y, chunk.start);
  }
  if (recode !== null) for (let i = 0; i < rows; i++) y[i] = recode[y[i]];
  const featureNames = schema.featureColumns.map((j) => schema.columnNames[j]);
  return { x: new Tensor(x, [rows, d]), y, classes, featureNames, labelName: schema.labelName, source: schema.source, warnings };
}
