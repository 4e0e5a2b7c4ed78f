// Reads a CSV file into a Dataset: papaparse splits fields, csv-schema.ts judges each row.
import { constants } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { CsvError, ValueError } from '../errors.js';
import { allocate, type DType, type FloatArray } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { checkColumnOptions, csvError, describeColumn, readRow, resolveSchema, type CsvColumnOptions, type CsvSchema } from './csv-schema.js';
import type { Dataset } from './dataset.js';
import { classIndex, sortClasses } from './label-encoder.js';
import { LineCounter } from './line-counter.js';
import { parseStrictNumber, quote } from './number-cell.js';

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

// More distinct labels than this share of the rows (and at least this many) earns a warning.
const MANY_CLASSES_SHARE = 0.5;
const MANY_CLASSES_MIN = 10;

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
  checkCsvOptions(options);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CsvError(`${path}: cannot read the file: ${describeFsError(error)}`, { cause: error });
  }
  // A UTF-8 file has at least as many bytes as its text has UTF-16 units, so this size always fits in a string.
  if (bytes.length > constants.MAX_STRING_LENGTH) {
    throw new CsvError(`${path}: the file is ${bytes.length} bytes, more than one string can hold (${constants.MAX_STRING_LENGTH}); read it in chunks instead`);
  }
  return parseCsvText(decodeUtf8(bytes, path), options, path);
}

function parseCsvText(input: string, options: CsvOptions, source: string): Dataset {
  checkCsvOptions(options);
  const table = readTable(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, options, source);
  const { schema, rows } = table;
  const d = schema.featureColumns.length;
  const x = new Tensor(table.features.length === rows * d ? table.features : table.features.slice(0, rows * d), [rows, d]);
  const featureNames = schema.featureColumns.map((j) => schema.columnNames[j]);
  const base = { x, featureNames, labelName: schema.labelName, source, warnings: [] as string[] };
  if (schema.labelColumn < 0) return { ...base, y: new Int32Array(0), classes: options.classes ? [...options.classes] : [] };
  if (options.classes !== undefined) return { ...base, y: table.codes.slice(0, rows), classes: [...options.classes] };

  const classes = sortClasses(table.labels);
  const labelColumn = describeColumn(schema, schema.labelColumn);
  if (classes.length < 2 && !options.labelOptional) {
    const where = table.lastLine > table.firstDataLine ? `lines ${table.firstDataLine}-${table.lastLine}` : `line ${table.lastLine}`;
    throw csvError(source, schema.firstLine, `${labelColumn}: every data row (${where}) has the label ${quote(classes[0])}; a classifier needs at least two classes`);
  }
  const index = classIndex(classes);
  const recode = Int32Array.from(table.labels, (label) => index.get(label)!);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = recode[table.codes[i]];
  base.warnings.push(...labelWarnings(classes, rows, `${source}: ${labelColumn}`));
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
  if (nul >= 0) throw csvError(source, lines.lineAt(nul), 'NUL byte: this looks like a binary file, not CSV text');
  const dtype = options.dtype ?? 'float32';
  const header = options.header ?? true;
  const delimiter = options.delimiter ?? ',';
  const fixedClasses = options.classes === undefined ? null : classIndex(options.classes);
  // Labels are coded by first appearance while reading (no string kept per row), and recoded once sorted.
  const seenLabels = new Map<string, number>();
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
      if (result.errors.length > 0) throw quoteError(result.errors[0], fields, schema, source, lines);
      if (fields.length === 1 && fields[0].trim() === '') return;
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
      if (schema.labelColumn >= 0) codes[rows] = encodeLabel(label, fixedClasses, seenLabels, schema, line);
      if (rows === 0) firstDataLine = line;
      rows++;
      lastLine = line;
    },
  });

  if (schema === null) throw csvError(source, 1, `the file is empty: expected ${header ? 'a header row and ' : ''}data rows`);
  const found: CsvSchema = schema;
  if (rows === 0) throw csvError(source, found.firstLine, 'a header row but no data rows');
  return { schema: found, features, codes, labels: [...seenLabels.keys()], rows, firstDataLine, lastLine };
}

function quoteError(error: Papa.ParseError, fields: string[], schema: CsvSchema | null, source: string, lines: LineCounter): CsvError {
  // The broken field is the last one papaparse produced: it ran on to the end of the text.
  const column = schema === null ? `column ${fields.length}` : describeColumn(schema, fields.length - 1);
  const what = error.code === 'InvalidQuotes' ? 'malformed quoted field (text after its closing quote)' : 'quoted field never closed';
  return csvError(source, lines.lineAt(error.index ?? 0), `${column}: ${what}`);
}

/** The schema from the first non-blank row, which is the header or (without one) the first data row. */
function startSchema(fields: string[], line: number, options: CsvOptions, source: string, delimiter: string): CsvSchema {
  if (fields.length === 1 && !options.labelOptional) {
    const other = [';', '\t', '|'].find((c) => c !== delimiter && fields[0].includes(c));
    const hint = other === undefined ? '' : ` (it contains ${JSON.stringify(other)}: pass delimiter: ${JSON.stringify(other)})`;
    throw csvError(source, line, `only one column${hint}; a dataset needs feature columns and a label column`);
  }
  return resolveSchema(fields, options.header ?? true, options, source, line);
}

function encodeLabel(
  label: string,
  fixedClasses: Map<string, number> | null,
  seen: Map<string, number>,
  schema: CsvSchema,
  line: number,
): number {
  if (fixedClasses !== null) {
    const id = fixedClasses.get(label);
    if (id === undefined) {
      const known = [...fixedClasses.keys()].slice(0, 20).map(quote).join(', ');
      throw csvError(schema.source, line, `${describeColumn(schema, schema.labelColumn)}: label ${quote(label)} is not one of the classes ${known}`);
    }
    return id;
  }
  let code = seen.get(label);
  if (code === undefined) {
    code = seen.size;
    seen.set(label, code);
  }
  return code;
}

/** Legal label columns that are probably not class labels. */
function labelWarnings(classes: string[], rows: number, where: string): string[] {
  const warnings: string[] = [];
  if (classes.length >= MANY_CLASSES_MIN && classes.length > MANY_CLASSES_SHARE * rows) {
    warnings.push(
      `${where}: ${classes.length} distinct labels in ${rows} rows; is this the label column? A classifier needs several rows of each class`,
    );
  }
  const values = classes.map(parseStrictNumber);
  if (values.every(Number.isFinite)) {
    const fractional = classes.find((_, i) => !Number.isInteger(values[i]));
    if (fractional !== undefined) {
      warnings.push(`${where}: the label ${quote(fractional)} is not a whole number; a continuous target is read as ${classes.length} classes`);
    }
    const twin = values.findIndex((v, i) => i > 0 && v === values[i - 1]);
    if (twin > 0) {
      warnings.push(`${where}: labels ${quote(classes[twin - 1])} and ${quote(classes[twin])} are the same number but different classes`);
    }
  }
  return warnings;
}

function checkCsvOptions(options: CsvOptions): void {
  checkColumnOptions(options);
  const { delimiter, dtype, classes } = options;
  if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter === '' || /["\r\n\ufeff]/.test(delimiter))) {
    throw new ValueError(`readCsv: delimiter must be a non-empty string without quotes or line breaks, got ${JSON.stringify(delimiter)}`);
  }
  if (dtype !== undefined && dtype !== 'float32' && dtype !== 'float64') {
    throw new ValueError(`readCsv: dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
  }
  if (classes !== undefined) {
    if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string')) {
      throw new ValueError('readCsv: classes must be a list of at least two class names (strings)');
    }
    if (new Set(classes).size !== classes.length) throw new ValueError(`readCsv: classes lists a name twice: ${classes.map(quote).join(', ')}`);
  }
}

/** UTF-8 text, or a CsvError at the line of the first byte that is not UTF-8 (a binary or Latin-1 file). */
function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const valid = (end: number): boolean => {
      try {
        new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, end), { stream: true });
        return true;
      } catch {
        return false;
      }
    };
    // Bisect for the shortest invalid prefix: its last byte is the first bad one.
    if (valid(bytes.length)) throw csvError(source, lineOfByte(bytes, bytes.length), 'the file ends in the middle of a UTF-8 character');
    let good = 0;
    let bad = bytes.length;
    while (bad - good > 1) {
      const mid = (good + bad) >>> 1;
      if (valid(mid)) good = mid;
      else bad = mid;
    }
    const offset = sequenceStart(bytes, bad - 1);
    const byte = bytes[offset].toString(16).padStart(2, '0');
    throw csvError(source, lineOfByte(bytes, offset), `byte 0x${byte} at offset ${offset} is not UTF-8 text; is this a binary or spreadsheet file? Save it as UTF-8 CSV`);
  }
}

/** Where the character that byte `at` breaks began: an unfinished multi-byte sequence, or `at` itself. */
function sequenceStart(bytes: Uint8Array, at: number): number {
  for (let p = at - 1; p >= Math.max(0, at - 3); p--) {
    const b = bytes[p];
    if (b < 0x80) break;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return p + length > at ? p : at;
    }
  }
  return at;
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
