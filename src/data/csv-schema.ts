// Which CSV columns are features and which is the label, and the check of one data row against that.
import { CsvError } from '../errors.js';
import type { FloatArray } from '../tensor/dtype.js';
import type { CsvOptions } from './csv.js';
import { parseStrictNumber, quote, whyNotANumber } from './number-cell.js';
import { CellColumn } from './table/cell-column.js';

/** The columns of one CSV file, resolved against its header. */
export interface CsvSchema {
  /** The file (or `<string>`) for messages. */
  readonly source: string;
  /** Header names (trimmed), or `'0'`, `'1'`, ... when the file has no header. */
  readonly columnNames: readonly string[];
  /** Whether the names came from a header row (messages then show them). */
  readonly named: boolean;
  /** The line of the header row, or of the first data row without a header. */
  readonly firstLine: number;
  /** 0-based column of each feature, in the dataset's feature order. */
  readonly featureColumns: readonly number[];
  /** 0-based column of the label, or -1 when `labelOptional` and it is absent. */
  readonly labelColumn: number;
  readonly labelName: string;
}

/** @internal A cell that is not a number where `readCsv` reads numbers: a table reader could read the file. */
export class NotANumberError extends CsvError {}

/** A `CsvError` whose message starts `file:line:`, as compilers write locations. */
export function csvError(source: string, line: number, message: string): CsvError {
  return new CsvError(`${source}:${line}: ${message}`);
}

/** `column 3 ("petal_length")`: 1-based number, and the header name if the file has one, quoted as cells are (a line break or escape sequence in it must not cut or colour the message). */
export function describeColumn(schema: Pick<CsvSchema, 'columnNames' | 'named'>, column: number): string {
  const name = schema.named ? (schema.columnNames[column] ?? '') : '';
  return name === '' ? `column ${column + 1}` : `column ${column + 1} (${quote(name)})`;
}

/**
 * The schema from the first non-blank row, `fields`: the header, or (without one) the first data row, whose columns
 * are named by position. Throws a `CsvError` at `line` for one column, a duplicate name, a missing or repeated column.
 */
export function resolveSchema(fields: readonly string[], line: number, options: CsvOptions, source: string, delimiter: string): CsvSchema {
  if (fields.length === 1 && !options.labelOptional && options.label !== null) {
    const other = [';', '\t', '|'].find((c) => c !== delimiter && fields[0].includes(c));
    const hint = other === undefined ? '' : ` (it contains ${JSON.stringify(other)}: pass delimiter: ${JSON.stringify(other)})`;
    throw csvError(source, line, `only one column${hint}; a dataset needs feature columns and a label column`);
  }
  const named = options.header ?? true;
  const columnNames = named ? fields.map((name) => name.trim()) : fields.map((_, i) => String(i));
  const base = { source, columnNames, named, firstLine: line };
  const columns = new Map<string, number>();
  columnNames.forEach((name, j) => {
    const first = columns.get(name);
    if (first !== undefined) {
      throw csvError(source, line, `${describeColumn(base, j)} has the same name as column ${first + 1}; column names must be unique`);
    }
    columns.set(name, j);
  });
  const listColumns = (): string => {
    const shown = columnNames.slice(0, 20).map((name, j) => (named ? quote(name) : String(j)));
    return shown.join(', ') + (columnNames.length > 20 ? `, ... (${columnNames.length} columns)` : '');
  };
  const find = (ref: string | number): number => {
    if (typeof ref === 'number') return ref < columnNames.length ? ref : -1;
    return columns.get(ref) ?? -1;
  };
  const missing = (ref: string | number, what: string): CsvError =>
    typeof ref === 'number'
      ? csvError(source, line, `no column ${ref} (0-based) for the ${what}: the file has ${columnNames.length} columns`)
      : csvError(source, line, `no column named ${quote(ref)} for the ${what}; the columns are ${listColumns()}`);

  const labelColumn = options.label === null ? -1 : options.label === undefined ? columnNames.length - 1 : find(options.label);
  if (labelColumn < 0 && options.label !== null && !options.labelOptional) throw missing(options.label!, 'label');
  const labelName = labelColumn >= 0 ? columnNames[labelColumn] : options.label === null ? '' : String(options.label);

  const featureColumns = options.features?.map((ref) => {
    const j = find(ref);
    if (j < 0) throw missing(ref, 'features');
    return j;
  }) ?? columnNames.map((_, j) => j).filter((j) => j !== labelColumn);
  const seen = new Set<number>();
  for (const j of featureColumns) {
    if (j === labelColumn) throw csvError(source, line, `${describeColumn(base, j)} is the label column; it cannot also be a feature`);
    if (seen.has(j)) throw csvError(source, line, `${describeColumn(base, j)} is listed twice in features`);
    seen.add(j);
  }
  if (featureColumns.length === 0) {
    throw csvError(source, line, `no feature columns: the file's only column is the label ${describeColumn(base, labelColumn)}`);
  }
  return { ...base, featureColumns, labelColumn, labelName };
}

/**
 * Checks one data row and writes its features into `out[offset .. offset + D)`; returns the label cell, trimmed
 * ('' without a label column). Throws a `CsvError` naming `line` and the column for a ragged row or a bad cell.
 */
export function readRow(schema: CsvSchema, fields: readonly string[], line: number, out: FloatArray, offset: number): string {
  checkFieldCount(schema, fields, line);
  const features = schema.featureColumns;
  for (let k = 0; k < features.length; k++) {
    const cell = fields[features[k]];
    const value = parseStrictNumber(cell);
    out[offset + k] = value;
    // A finite float64 can still overflow a float32 slot (1e39), so check what was stored.
    if (!Number.isFinite(out[offset + k])) {
      const why = Number.isFinite(value) ? `${quote(cell)} is too large for float32` : whyNotANumber(cell);
      throw new NotANumberError(`${schema.source}:${line}: ${describeColumn(schema, features[k])}: ${why}`);
    }
  }
  return labelCell(schema, fields, line);
}

/** `readRow` for a table of text: appends each feature cell, as written, to its column in `columns`. */
export function readTextRow(schema: CsvSchema, fields: readonly string[], line: number, columns: CellColumn[]): string {
  checkFieldCount(schema, fields, line);
  const features = schema.featureColumns;
  for (let k = 0; k < features.length; k++) (columns[k] ??= new CellColumn()).push(fields[features[k]]);
  return labelCell(schema, fields, line);
}

function checkFieldCount(schema: CsvSchema, fields: readonly string[], line: number): void {
  const expected = schema.columnNames.length;
  if (fields.length === expected) return;
  const where = schema.named ? 'as in the header' : `as in line ${schema.firstLine}`;
  const detail =
    fields.length < expected
      ? `${describeColumn(schema, fields.length)} is missing`
      : `column ${expected + 1} is ${schema.named ? 'not in the header' : 'extra'}`;
  throw csvError(schema.source, line, `expected ${expected} fields (${where}), found ${fields.length}: ${detail}`);
}

/** The label cell, trimmed ('' without a label column); an empty one is an error naming `line`. */
function labelCell(schema: CsvSchema, fields: readonly string[], line: number): string {
  if (schema.labelColumn < 0) return '';
  const label = fields[schema.labelColumn].trim();
  if (label === '') throw csvError(schema.source, line, `${describeColumn(schema, schema.labelColumn)}: empty label cell`);
  return label;
}
