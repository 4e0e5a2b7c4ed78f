// Reads a CSV file into a Dataset: papaparse splits fields, csv-schema.ts judges each row, csv-checks.ts the whole file.
import { constants } from 'node:buffer';
import { nodeFsPromises } from '../builtins.js';
import Papa from 'papaparse';
import { CsvError } from '../errors.js';
import { allocate, type DType, type FloatArray } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { checkCsvOptions, checkHasRows, isBlankRow, LabelCodes, labelWarnings, nulByte, quoteError, singleClass, startSchema } from './csv-checks.js';
import { readRow, type CsvColumnOptions, type CsvSchema } from './csv-schema.js';
import type { Dataset } from './dataset.js';
import { cannotRead, decodeUtf8 } from './file-text.js';
import { classIndex, sortClasses } from './label-encoder.js';
import { LineCounter } from './line-counter.js';

/** Options of `readCsv` and `parseCsv`. */
export interface CsvOptions extends CsvColumnOptions {
  /**
   * Field separator. Default `','`; it is never guessed, because a guess can split a one-column file or a
   * text column wrongly. Pass `';'` or `'\t'` for other files.
   */
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
  return parseCsvText(text, options, '<string>');
}

/**
 * Reads a UTF-8 CSV file into a dataset. Every problem is a `CsvError` naming the file, the 1-based line
 * and the column, e.g. `iris.csv:17: column 3 (petal_length): "abc" is not a number`. Empty and NaN/Infinity
 * cells, ragged rows, duplicate column names, a missing label column, a single class and binary files are
 * errors; a BOM, CRLF line endings, blank lines and quoted fields (with commas or newlines) are fine. Legal
 * but suspicious files (as many classes as rows, a continuous-looking label) give `dataset.warnings`.
 * @example
 * const iris = await readCsv('examples/data/iris.csv', { label: 'species' });
 * iris.x.shape; // [150, 4]
 * iris.classes; // ['setosa', 'versicolor', 'virginica']
 */
export async function readCsv(path: string, options: CsvOptions = {}): Promise<Dataset> {
  checkCsvOptions(options, 'readCsv');
  let bytes: Buffer;
  try {
    bytes = await nodeFsPromises().readFile(path);
  } catch (error) {
    throw cannotRead(path, error);
  }
  // A UTF-8 file has at least as many bytes as its text has UTF-16 units, so this size always fits in a string.
  if (bytes.length > constants.MAX_STRING_LENGTH) {
    throw new CsvError(`${path}: the file is ${bytes.length} bytes, more than one string can hold (${constants.MAX_STRING_LENGTH}); read it in chunks instead`);
  }
  return parseCsvText(decodeUtf8(bytes, path), options, path);
}

function parseCsvText(input: string, options: CsvOptions, source: string): Dataset {
  checkCsvOptions(options, 'readCsv');
  const table = readTable(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, options, source);
  const { schema, rows } = table;
  const d = schema.featureColumns.length;
  const x = new Tensor(table.features.length === rows * d ? table.features : table.features.slice(0, rows * d), [rows, d]);
  const featureNames = schema.featureColumns.map((j) => schema.columnNames[j]);
  const base = { x, featureNames, labelName: schema.labelName, source, warnings: [] as string[] };
  if (schema.labelColumn < 0) return { ...base, y: new Int32Array(0), classes: options.classes ? [...options.classes] : [] };
  if (options.classes !== undefined) return { ...base, y: table.codes.slice(0, rows), classes: [...options.classes] };

  const classes = sortClasses(table.labels);
  if (classes.length < 2 && !options.labelOptional) throw singleClass(schema, classes[0], table.firstDataLine, table.lastLine);
  const index = classIndex(classes);
  const recode = Int32Array.from(table.labels, (label) => index.get(label)!);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = recode[table.codes[i]];
  base.warnings.push(...labelWarnings(classes, rows, schema));
  return { ...base, y, classes };
}

/** What one pass over the rows collects. */
interface Table {
  schema: CsvSchema;
  /** `rows * D` features, possibly followed by unused capacity. */
  features: FloatArray;
  /** Per row: the class id (fixed classes) or the index in `labels` (first appearance). */
  codes: Int32Array;
  /** Distinct labels in order of first appearance (empty with fixed classes). */
  labels: string[];
  rows: number;
  firstDataLine: number;
  lastLine: number;
}

/** Splits the text into rows with papaparse, checking each row as it comes, with its line number. */
function readTable(text: string, options: CsvOptions, source: string): Table {
  const lines = new LineCounter(text);
  const nul = text.indexOf('\0');
  if (nul >= 0) throw nulByte(source, lines.lineAt(nul));
  const dtype = options.dtype ?? 'float32';
  const header = options.header ?? true;
  const delimiter = options.delimiter ?? ',';
  const labelCodes = new LabelCodes(options.classes);
  let schema: CsvSchema | null = null;
  let features: FloatArray = allocate(dtype, 0);
  let codes = new Int32Array(0);
  let rows = 0;
  let firstDataLine = 0;
  let lastLine = 0;
  let rowStart = 0;

  Papa.parse<string[]>(text, {
    delimiter,
    header: false,
    skipEmptyLines: false,
    step: (result) => {
      const fields = result.data;
      // papaparse gives no line numbers; its cursor marks where the next row starts.
      const line = lines.lineAt(rowStart);
      rowStart = result.meta.cursor;
      if (result.errors.length > 0) throw quoteError(result.errors[0], fields, schema, source, lines.lineAt(result.errors[0].index ?? 0));
      if (isBlankRow(fields)) return;
      if (schema === null) {
        schema = startSchema(fields, line, options, source, delimiter);
        if (header) return;
      }
      const d = schema.featureColumns.length;
      if ((rows + 1) * d > features.length) {
        const grown = allocate(dtype, Math.max(64, rows * 2) * d);
        grown.set(features);
        features = grown;
        const grownCodes = new Int32Array(grown.length / d);
        grownCodes.set(codes);
        codes = grownCodes;
      }
      const label = readRow(schema, fields, line, features, rows * d);
      if (schema.labelColumn >= 0) codes[rows] = labelCodes.code(label, line, schema);
      if (rows === 0) firstDataLine = line;
      rows++;
      lastLine = line;
    },
  });

  return { schema: checkHasRows(schema, rows, header, source), features, codes, labels: labelCodes.firstSeen(), rows, firstDataLine, lastLine };
}
