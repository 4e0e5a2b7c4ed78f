// What each column of a table is, judged from its training cells as a careful data scientist (or skrub) would.
import { CsvError } from '../../errors.js';
import { parseStrictNumber, quote } from '../number-cell.js';
import { parseIsoDate } from './iso-dates.js';
import { isMissing } from './missing-cells.js';

/** Text columns with at most this many distinct values are one-hot encoded whole (skrub's `cardinality_threshold`). */
export const CARDINALITY_THRESHOLD = 40;
// A text column with at least this share of distinct values among its present cells (and at least this many) is an
// id or free text: one-hot, nearly every row would be a category of its own, and every new row unseen.
const ID_LIKE_SHARE = 0.9;
const ID_LIKE_ROWS = 10;
// A column whose present cells are dates but for at most this share is a date column with bad cells.
const STRAY_SHARE = 0.05;

/** What a column is, and what encoding it needs; `missing` counts its missing training cells. */
export type ColumnKind =
  | { kind: 'numeric'; missing: number }
  | { kind: 'date'; missing: number; hasTime: boolean }
  /** Two values and no missing cell: one 0/1 column, 1 for `values[1]`. */
  | { kind: 'binary'; missing: 0; values: [string, string] }
  /** One-hot: `categories` by frequency (then text); with `other`, every other value shares one column. */
  | { kind: 'categorical'; missing: number; categories: string[]; other: boolean }
  | { kind: 'dropped'; missing: number; why: string };

/** What `inferColumnKind` needs besides the cells. */
export interface ColumnKindOptions {
  /** The spellings of a missing cell. */
  missing: ReadonlySet<string>;
  /** `file:line: column 3 ("name")` for row `row` (0-based), for errors. */
  where: (row: number) => string;
  /** A kind the user declared (`--categorical`, `--numeric`), or none to infer it. */
  declared?: 'numeric' | 'categorical';
}

/**
 * The kind of a column from its training cells. A numeric column may have missing cells; a column of more numbers
 * than words, or of dates with a few bad ones, is a CsvError naming the first stray cell's row (never silently a
 * category); `Infinity`, `0x10`, `1,234.5` and `1e999` among numbers are errors the same way.
 * @example
 * inferColumnKind(['yes', 'no', 'yes'], { missing: new Set(['']), where: (i) => `row ${i + 1}` });
 * // { kind: 'binary', missing: 0, values: ['no', 'yes'] }
 */
export function inferColumnKind(cells: readonly string[], options: ColumnKindOptions): ColumnKind {
  const present: number[] = [];
  cells.forEach((cell, row) => isMissing(cell, options.missing) || present.push(row));
  const missing = cells.length - present.length;
  if (present.length === 0) return { kind: 'dropped', missing, why: 'every cell is missing' };
  if (options.declared === 'numeric') return numeric(cells, present, missing, options, true)!;
  if (options.declared !== 'categorical') {
    const kind = numeric(cells, present, missing, options, false) ?? dates(cells, present, missing, options);
    if (kind !== null) return kind;
  }
  return text(cells, present, missing);
}

/**
 * The numeric kind if every present cell is a number (when `declared`, it must be), dropped if they are all one
 * number; null if the column is text. Cells written like numbers softgrad does not read (`Infinity`, `0x10`,
 * `1,234.5`) count as numbers for that judgement, and are then the error.
 */
function numeric(cells: readonly string[], present: number[], missing: number, options: ColumnKindOptions, declared: boolean): ColumnKind | null {
  let first: number | undefined;
  let firstValue: number | undefined;
  let oneValue = true;
  let [stray, words] = [0, 0];
  for (const row of present) {
    const value = parseStrictNumber(cells[row]);
    if (!Number.isNaN(value)) {
      firstValue ??= value;
      oneValue &&= value === firstValue;
      continue;
    }
    first ??= row;
    stray++;
    if (malformedNumber(cells[row]) === null) words++;
    // More than half of the cells are words: text, whatever the rest holds (and no need to read it).
    if (!declared && 2 * words > present.length) return null;
  }
  // One value with missing cells is no constant: whether a cell is missing is the information (an indicator).
  if (first === undefined) return oneValue && missing === 0 ? constant(cells[present[0]].trim(), missing) : { kind: 'numeric', missing };
  // No more numbers (written well or not) than words: text with some numbers in it. Else numbers with stray cells.
  if (!declared && present.length - words <= words) return null;
  const why = malformedNumber(cells[first]) ?? `${quote(cells[first])} is not a number`;
  const advice = declared
    ? 'the column was declared numeric'
    : `${present.length - stray} of the column's ${present.length} values are numbers; fix the cell, list its spelling in --missing-values, or declare the column with --categorical`;
  throw new CsvError(`${options.where(first)}: ${why} (${advice})`);
}

/** Why a cell that looks like a number is not one softgrad reads, or null. */
function malformedNumber(cell: string): string | null {
  const text = cell.trim();
  if (/^[+-]?(inf|infinity)$/i.test(text)) return `${quote(cell)} is not a finite number`;
  if (/^[+-]?0[xob][0-9a-f]+$/i.test(text)) return `${quote(cell)} is not a decimal number`;
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(text)) return `${quote(cell)} has a thousands separator`;
  if (/^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(text)) return `${quote(cell)} is too large for a float64`;
  return null;
}

/** The date kind if nearly every present cell is an ISO 8601 date (a few bad ones are an error); else null. */
function dates(cells: readonly string[], present: number[], missing: number, options: ColumnKindOptions): ColumnKind | null {
  let hasTime = false;
  const bad: number[] = [];
  for (const row of present) {
    const parts = parseIsoDate(cells[row]);
    if (parts !== null) {
      hasTime ||= parts.hasTime;
    } else if (bad.push(row) > Math.max(1, STRAY_SHARE * present.length)) {
      // Too many cells that are no date for a date column with bad cells: text (no need to read the rest).
      return null;
    }
  }
  if (bad.length === 0) return { kind: 'date', missing, hasTime };
  const advice = `${present.length - bad.length} of the column's ${present.length} values are dates; fix the cell, or declare the column with --categorical`;
  throw new CsvError(`${options.where(bad[0])}: ${quote(cells[bad[0]])} is not an ISO 8601 date (${advice})`);
}

/** A text column: binary, categorical, a few values plus other, or dropped as constant or id-like. */
function text(cells: readonly string[], present: number[], missing: number): ColumnKind {
  const counts = distinct(cells, present);
  const values = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  if (values.length === 1 && missing === 0) return constant(values[0], missing);
  if (values.length === 2 && missing === 0) return { kind: 'binary', missing, values: [...values].sort() as [string, string] };
  if (present.length >= ID_LIKE_ROWS && values.length >= ID_LIKE_SHARE * present.length) {
    return { kind: 'dropped', missing, why: `${values.length} distinct values in ${present.length} rows: an id or free text` };
  }
  if (values.length <= CARDINALITY_THRESHOLD) return { kind: 'categorical', missing, categories: values, other: false };
  return { kind: 'categorical', missing, categories: values.slice(0, CARDINALITY_THRESHOLD), other: true };
}

function constant(value: string, missing: number): ColumnKind {
  return { kind: 'dropped', missing, why: `every present cell is ${quote(value)}` };
}

/** How often each trimmed present value occurs. */
function distinct(cells: readonly string[], present: number[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of present) {
    const value = cells[row].trim();
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}
