// readCsv's whole-file checks, for the streaming reader: the same rules and the same words.
// These mirror private helpers of csv.ts (labelWarnings, encodeLabel, quoteError, startSchema, checkCsvOptions);
// test/stream-csv.test.ts runs every bad-input fixture through both readers and requires identical messages.
import type Papa from 'papaparse';
import { CsvError, ValueError } from '../errors.js';
import { checkColumnOptions, csvError, describeColumn, resolveSchema, type CsvSchema } from './csv-schema.js';
import type { CsvOptions } from './csv.js';
import { parseStrictNumber, quote } from './number-cell.js';

// More distinct labels than this share of the rows (and at least this many) earns a warning.
const MANY_CLASSES_SHARE = 0.5;
const MANY_CLASSES_MIN = 10;

/** Checks options that do not depend on the file, as readCsv does, naming `caller`. */
export function checkStreamOptions(options: CsvOptions, caller: string): void {
  checkColumnOptions(options);
  const { delimiter, dtype, classes } = options;
  if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter === '' || /["\r\n\ufeff]/.test(delimiter))) {
    throw new ValueError(`${caller}: delimiter must be a non-empty string without quotes or line breaks, got ${JSON.stringify(delimiter)}`);
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

/** The schema from the first non-blank row, which is the header or (without one) the first data row. */
export function startSchema(fields: string[], line: number, options: CsvOptions, source: string, delimiter: string): CsvSchema {
  if (fields.length === 1 && !options.labelOptional) {
    const other = [';', '\t', '|'].find((c) => c !== delimiter && fields[0].includes(c));
    const hint = other === undefined ? '' : ` (it contains ${JSON.stringify(other)}: pass delimiter: ${JSON.stringify(other)})`;
    throw csvError(source, line, `only one column${hint}; a dataset needs feature columns and a label column`);
  }
  return resolveSchema(fields, options.header ?? true, options, source, line);
}

/** A papaparse quoting error as a CsvError at the line of `errorLine` (the broken field is the row's last). */
export function quoteError(error: Papa.ParseError, fields: string[], schema: CsvSchema | null, source: string, errorLine: number): CsvError {
  const column = schema === null ? `column ${fields.length}` : describeColumn(schema, fields.length - 1);
  const what = error.code === 'InvalidQuotes' ? 'malformed quoted field (text after its closing quote)' : 'quoted field never closed';
  return csvError(source, errorLine, `${column}: ${what}`);
}

/** The error for a label outside a fixed class list. */
export function unknownLabel(label: string, classes: readonly string[], schema: CsvSchema, line: number): CsvError {
  const known = classes.slice(0, 20).map(quote).join(', ');
  return csvError(schema.source, line, `${describeColumn(schema, schema.labelColumn)}: label ${quote(label)} is not one of the classes ${known}`);
}

/** The error for a label column with fewer than two classes. */
export function singleClass(schema: CsvSchema, label: string, firstDataLine: number, lastLine: number): CsvError {
  const where = lastLine > firstDataLine ? `lines ${firstDataLine}-${lastLine}` : `line ${lastLine}`;
  const column = describeColumn(schema, schema.labelColumn);
  return csvError(schema.source, schema.firstLine, `${column}: every data row (${where}) has the label ${quote(label)}; a classifier needs at least two classes`);
}

/** Legal label columns that are probably not class labels. */
export function labelWarnings(classes: string[], rows: number, where: string): string[] {
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
