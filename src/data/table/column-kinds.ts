// What each column of a table is, judged from its training cells as a careful data scientist (or skrub) would.
import { CsvError } from '../../errors.js';
import { parseStrictNumber, quote } from '../number-cell.js';
import { parseIsoDate } from './iso-dates.js';
import { CellColumn } from './cell-column.js';
import { missingMask } from './missing-cells.js';

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
  /** The column's `missingMask` under `missing`, when the caller has it already. */
  mask?: Uint8Array;
}

/**
 * The kind of a column from its training cells. A numeric column may have missing cells; a column of more numbers
 * than words, or of dates with a few bad ones, is a CsvError naming the first stray cell's row (never silently a
 * category); `Infinity`, `0x10`, `1,234.5` and `1e999` among numbers are errors the same way. Each distinct text is
 * judged once, however many rows hold it.
 * @example
 * inferColumnKind(['yes', 'no', 'yes'], { missing: new Set(['']), where: (i) => `row ${i + 1}` });
 * // { kind: 'binary', missing: 0, values: ['no', 'yes'] }
 */
export function inferColumnKind(cells: CellColumn | readonly string[], options: ColumnKindOptions): ColumnKind {
  const column = cells instanceof CellColumn ? cells : CellColumn.from(cells);
  const tally = tallyColumn(column, options.mask ?? missingMask(column, options.missing));
  if (tally.present === 0) return { kind: 'dropped', missing: tally.missing, why: 'every cell is missing' };
  if (options.declared === 'numeric') return numeric(tally, options, true)!;
  if (options.declared !== 'categorical') {
    const kind = numeric(tally, options, false) ?? dates(tally, options);
    if (kind !== null) return kind;
  }
  return text(tally);
}

/** A column's cells counted: missing ones, and the present ones per distinct text or as plain numbers. */
interface Tally {
  column: CellColumn;
  mask: Uint8Array;
  missing: number;
  present: number;
  /** Present cells per entry of `column.texts`. */
  textCounts: Int32Array;
  /** Present cells the column holds as numbers only (written as `String(value)` writes them). */
  plainNumbers: number;
}

function tallyColumn(column: CellColumn, mask: Uint8Array): Tally {
  const textCounts = new Int32Array(column.texts.length);
  let [absent, plainNumbers] = [0, 0];
  for (let row = 0; row < column.length; row++) {
    if (mask[row] === 1) absent++;
    else {
      const code = column.codeAt(row);
      if (code >= 0) textCounts[code]++;
      else plainNumbers++;
    }
  }
  return { column, mask, missing: absent, present: column.length - absent, textCounts, plainNumbers };
}

/** The first present row that is bad: by its distinct text's code, or as a plain number. */
function firstRow(tally: Tally, isBadText: (code: number) => boolean, plainNumbersBad: boolean): number {
  const { column, mask } = tally;
  for (let row = 0; row < column.length; row++) {
    if (mask[row] === 1) continue;
    const code = column.codeAt(row);
    if (code >= 0 ? isBadText(code) : plainNumbersBad) return row;
  }
  throw new Error('firstRow: no such row');
}

/**
 * The numeric kind if every present cell is a number (when `declared`, it must be), dropped if they are all one
 * number; null if the column is text. Cells written like numbers softgrad does not read (`Infinity`, `0x10`,
 * `1,234.5`) count as numbers for that judgement, and are then the error.
 */
function numeric(tally: Tally, options: ColumnKindOptions, declared: boolean): ColumnKind | null {
  const { column, present, missing, textCounts } = tally;
  const notNumber = column.texts.map((text, code) => textCounts[code] > 0 && Number.isNaN(parseStrictNumber(text)));
  let [stray, words] = [0, 0];
  notNumber.forEach((bad, code) => {
    if (!bad) return;
    stray += textCounts[code];
    if (malformedNumber(column.texts[code]) === null) words += textCounts[code];
  });
  // More than half of the cells are words: text, whatever the rest holds.
  if (!declared && 2 * words > present) return null;
  if (stray === 0) {
    // One value with missing cells is no constant: whether a cell is missing is the information (an indicator).
    if (missing > 0) return { kind: 'numeric', missing };
    let first = NaN;
    for (let row = 0; row < column.length; row++) {
      const value = column.valueAt(row);
      if (Number.isNaN(first)) first = value;
      else if (value !== first) return { kind: 'numeric', missing };
    }
    return constant(column.cell(0).trim(), missing);
  }
  // No more numbers (written well or not) than words: text with some numbers in it. Else numbers with stray cells.
  if (!declared && present - words <= words) return null;
  const row = firstRow(tally, (code) => notNumber[code], false);
  const cell = column.cell(row);
  const why = malformedNumber(cell) ?? `${quote(cell)} is not a number`;
  const advice = declared
    ? 'the column was declared numeric'
    : `${present - stray} of the column's ${present} values are numbers; fix the cell, list its spelling in --missing-values, or declare the column with --categorical`;
  throw new CsvError(`${options.where(row)}: ${why} (${advice})`);
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
function dates(tally: Tally, options: ColumnKindOptions): ColumnKind | null {
  const { column, present, missing, textCounts, plainNumbers } = tally;
  let hasTime = false;
  // A plain number (2024) is no ISO date.
  let bad = plainNumbers;
  const notDate = column.texts.map((text, code) => {
    if (textCounts[code] === 0) return false;
    const parts = parseIsoDate(text);
    if (parts === null) bad += textCounts[code];
    else hasTime ||= parts.hasTime;
    return parts === null;
  });
  // Too many cells that are no date for a date column with bad cells: text.
  if (bad > Math.max(1, STRAY_SHARE * present)) return null;
  if (bad === 0) return { kind: 'date', missing, hasTime };
  const row = firstRow(tally, (code) => notDate[code], true);
  const advice = `${present - bad} of the column's ${present} values are dates; fix the cell, or declare the column with --categorical`;
  throw new CsvError(`${options.where(row)}: ${quote(column.cell(row))} is not an ISO 8601 date (${advice})`);
}

/** A text column: binary, categorical, a few values plus other, or dropped as constant or id-like. */
function text(tally: Tally): ColumnKind {
  const { present, missing } = tally;
  const counts = distinct(tally);
  const values = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  if (values.length === 1 && missing === 0) return constant(values[0], missing);
  if (values.length === 2 && missing === 0) return { kind: 'binary', missing, values: [...values].sort() as [string, string] };
  if (present >= ID_LIKE_ROWS && values.length >= ID_LIKE_SHARE * present) {
    return { kind: 'dropped', missing, why: `${values.length} distinct values in ${present} rows: an id or free text` };
  }
  if (values.length <= CARDINALITY_THRESHOLD) return { kind: 'categorical', missing, categories: values, other: false };
  return { kind: 'categorical', missing, categories: values.slice(0, CARDINALITY_THRESHOLD), other: true };
}

function constant(value: string, missing: number): ColumnKind {
  return { kind: 'dropped', missing, why: `every present cell is ${quote(value)}` };
}

/** How often each trimmed present value occurs. */
function distinct({ column, mask, textCounts, plainNumbers }: Tally): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (value: string, count: number) => counts.set(value, (counts.get(value) ?? 0) + count);
  column.texts.forEach((text, code) => textCounts[code] > 0 && add(text.trim(), textCounts[code]));
  if (plainNumbers > 0) {
    for (let row = 0; row < column.length; row++) if (mask[row] === 0 && column.codeAt(row) < 0) add(String(column.valueAt(row)), 1);
  }
  return counts;
}
