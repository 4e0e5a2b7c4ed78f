// What each column of a table is, judged from its training cells as a careful data scientist (or skrub) would.
import { CsvError } from '../../errors.js';
import { quote } from '../number-cell.js';
import { ColumnFacts, malformedNumber } from './column-facts.js';
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
  const facts = new ColumnFacts();
  facts.add(column, options.mask ?? missingMask(column, options.missing), options.where);
  return kindOf(facts, options.declared);
}

/** A column's kind from its counted cells (see `inferColumnKind`): in memory, or counted chunk by chunk from a stream. */
export function kindOf(facts: ColumnFacts, declared?: 'numeric' | 'categorical'): ColumnKind {
  if (facts.present === 0) return { kind: 'dropped', missing: facts.missing, why: 'every cell is missing' };
  if (declared === 'numeric') return numeric(facts, true)!;
  if (declared !== 'categorical') {
    const kind = numeric(facts, false) ?? dates(facts);
    if (kind !== null) return kind;
  }
  return text(facts);
}

/**
 * The numeric kind if every present cell is a number (when `declared`, it must be), dropped if they are all one
 * number; null if the column is text. Cells written like numbers softgrad does not read (`Infinity`, `0x10`,
 * `1,234.5`) count as numbers for that judgement, and are then the error.
 */
function numeric(facts: ColumnFacts, declared: boolean): ColumnKind | null {
  const { present, missing, words, numbers, firstStray } = facts;
  // More than half of the cells are words: text, whatever the rest holds.
  if (!declared && 2 * words > present) return null;
  if (firstStray === null) {
    // One value with missing cells is no constant: whether a cell is missing is the information (an indicator).
    if (missing > 0 || !facts.oneNumber) return { kind: 'numeric', missing };
    return constant(facts.firstText!.trim(), missing);
  }
  // No more numbers (written well or not) than words: text with some numbers in it.
  if (!declared && present - words <= words) return null;
  // Many words of many spellings among the numbers (ticket numbers, some with a prefix): text. A few words, or words of
  // one or two spellings (unknown, -), are cells the user must fix or name as missing.
  if (!declared && words > STRAY_SHARE * present && facts.wordSpellings.size > 2) return null;
  const why = malformedNumber(firstStray.text);
  const advice = declared
    ? 'the column was declared numeric'
    : `${numbers} of the column's ${present} values are numbers; fix the cell, list its spelling in --missing-values, or declare the column with --categorical`;
  throw new CsvError(`${firstStray.place}: ${quote(firstStray.text)} ${why ?? 'is not a number'} (${advice})`);
}

/** The date kind if nearly every present cell is an ISO 8601 date (a few bad ones are an error); else null. */
function dates(facts: ColumnFacts): ColumnKind | null {
  const { present, missing, hasTime, firstNotDate } = facts;
  const bad = present - facts.dates;
  // Too many cells that are no date for a date column with bad cells: text.
  if (bad > Math.max(1, STRAY_SHARE * present)) return null;
  if (bad === 0) return { kind: 'date', missing, hasTime };
  const advice = `${facts.dates} of the column's ${present} values are dates; fix the cell, or declare the column with --categorical`;
  throw new CsvError(`${firstNotDate!.place}: ${quote(firstNotDate!.text)} is not an ISO 8601 date (${advice})`);
}

/** A text column: binary, categorical, a few values plus other, or dropped as constant or id-like. */
function text(facts: ColumnFacts): ColumnKind {
  const { missing } = facts;
  const { counts, distinct, present } = facts.distinct();
  const values = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  if (distinct === 1 && missing === 0) return constant(values[0], missing);
  if (distinct === 2 && missing === 0) return { kind: 'binary', missing, values: [...values].sort() as [string, string] };
  if (present >= ID_LIKE_ROWS && distinct >= ID_LIKE_SHARE * present) {
    return { kind: 'dropped', missing, why: `${distinct} distinct values in ${present} rows: an id or free text` };
  }
  if (distinct <= CARDINALITY_THRESHOLD) return { kind: 'categorical', missing, categories: values, other: false };
  return { kind: 'categorical', missing, categories: values.slice(0, CARDINALITY_THRESHOLD), other: true };
}

function constant(value: string, missing: number): ColumnKind {
  return { kind: 'dropped', missing, why: `every present cell is ${quote(value)}` };
}

