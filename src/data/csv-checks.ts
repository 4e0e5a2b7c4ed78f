// Checks of a CSV file beyond its columns and single rows (options, quoting, rows, labels), and their messages.
import type Papa from 'papaparse';
import { CsvError, ValueError } from '../errors.js';
import { csvError, describeColumn, type CsvSchema } from './csv-schema.js';
import type { CsvOptions } from './csv.js';
import { classIndex } from './label-encoder.js';
import { parseStrictNumber, quote } from './number-cell.js';

// More distinct labels than this share of the rows (and at least this many) earns a warning.
const MANY_CLASSES_SHARE = 0.5;
const MANY_CLASSES_MIN = 10;

/** Checks options that do not depend on the file; messages start with `caller` (`readCsv`, `streamCsv`). */
export function checkCsvOptions(options: CsvOptions, caller: string): void {
  const { label, features, delimiter, dtype, classes } = options;
  const checkRef = (ref: unknown, what: string): void => {
    if (typeof ref === 'string') return;
    if (typeof ref !== 'number' || !Number.isInteger(ref) || ref < 0) {
      throw new ValueError(`${caller}: ${what} must be a column name or a 0-based column index, got ${String(ref)}`);
    }
  };
  if (label !== undefined && label !== null) checkRef(label, 'label');
  if (features !== undefined) {
    if (!Array.isArray(features) || features.length === 0) {
      throw new ValueError(`${caller}: features must be a non-empty list of column names or indices (or left out for every column but the label)`);
    }
    features.forEach((ref, i) => checkRef(ref, `features[${i}]`));
  }
  if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter === '' || /["\r\n\ufeff]/.test(delimiter))) {
    throw new ValueError(`${caller}: delimiter must be a non-empty string without quotes or line breaks, got ${JSON.stringify(delimiter)}`);
  }
  if (options.missingLabels !== undefined && (!Array.isArray(options.missingLabels) || !options.missingLabels.every((v) => typeof v === 'string'))) {
    throw new ValueError(`${caller}: missingLabels must be a list of strings`);
  }
  if (dtype !== undefined && dtype !== 'float32' && dtype !== 'float64') {
    throw new ValueError(`${caller}: dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
  }
  if (classes !== undefined) {
    if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string')) {
      throw new ValueError(`${caller}: classes must be a list of at least two class names (strings)`);
    }
    if (new Set(classes).size !== classes.length) throw new ValueError(`${caller}: classes lists a name twice: ${classes.map(quote).join(', ')}`);
  }
}

/** A papaparse quoting error at `errorLine`, in the last field it produced (it ran on to the end of the text). */
export function quoteError(error: Papa.ParseError, fields: string[], schema: CsvSchema | null, source: string, errorLine: number): CsvError {
  const what = error.code === 'InvalidQuotes' ? 'malformed quoted field (text after its closing quote)' : 'quoted field never closed';
  return csvError(source, errorLine, `${lastColumn(fields, schema)}: ${what}`);
}

/** The column of the last of `fields` (where an open quote is), named once the header is known. */
export function lastColumn(fields: readonly string[], schema: CsvSchema | null): string {
  return schema === null ? `column ${fields.length}` : describeColumn(schema, fields.length - 1);
}

/** Once every row has been read: the error for a file with no rows or a header alone. */
export function checkHasRows(schema: CsvSchema | null, rows: number, header: boolean, source: string): void {
  if (schema === null) throw csvError(source, 1, `the file is empty: expected ${header ? 'a header row and ' : ''}data rows`);
  if (rows === 0) throw csvError(source, schema.firstLine, 'a header row but no data rows');
}

/**
 * Codes each row's label as it is read. With a fixed class list, the code is the label's index there and a label
 * outside it is an error; otherwise it is the label's order of first appearance (no string kept per row), to be
 * recoded once the distinct labels are sorted.
 */
export class LabelCodes {
  private readonly fixed: Map<string, number> | null;
  private readonly seen = new Map<string, number>();

  constructor(private readonly classes: readonly string[] | undefined) {
    this.fixed = classes === undefined ? null : classIndex(classes);
  }

  code(label: string, line: number, schema: CsvSchema): number {
    if (this.fixed !== null) {
      const id = this.fixed.get(label);
      if (id === undefined) {
        const known = this.classes!.slice(0, 20).map(quote).join(', ');
        throw csvError(schema.source, line, `${describeColumn(schema, schema.labelColumn)}: label ${quote(label)} is not one of the classes ${known}`);
      }
      return id;
    }
    let code = this.seen.get(label);
    if (code === undefined) this.seen.set(label, (code = this.seen.size));
    return code;
  }

  /** The distinct labels, in order of first appearance (none with a fixed class list). */
  firstSeen(): string[] {
    return [...this.seen.keys()];
  }
}

/** The error for a label column with fewer than two classes. */
export function singleClass(schema: CsvSchema, label: string, firstDataLine: number, lastLine: number): CsvError {
  const where = lastLine > firstDataLine ? `lines ${firstDataLine}-${lastLine}` : `line ${lastLine}`;
  const column = describeColumn(schema, schema.labelColumn);
  return csvError(schema.source, schema.firstLine, `${column}: every data row (${where}) has the label ${quote(label)}; a classifier needs at least two classes`);
}

/** Legal label columns that are probably not class labels: warnings that name the file and the column. */
export function labelWarnings(classes: string[], rows: number, schema: CsvSchema): string[] {
  const where = `${schema.source}: ${describeColumn(schema, schema.labelColumn)}`;
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
