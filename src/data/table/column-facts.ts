// What a column's cells are, counted a block of rows at a time: all that judging its kind needs, in bounded memory.
import { parseStrictNumber } from '../number-cell.js';
import type { CellColumn } from './cell-column.js';
import { parseIsoDate } from './iso-dates.js';

/** A cell that decides an error: its text and its place (`file:line: column 3 ("name")`). */
export interface PlacedCell {
  text: string;
  place: string;
}

// Cells written like numbers that softgrad does not read; they count as numbers when judging a column, then fail.
const NON_FINITE = /^[+-]?(inf|infinity)$/i;
const NOT_DECIMAL = /^[+-]?0[xob][0-9a-f]+$/i;
const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;
const TOO_LARGE = /^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/;

/** Why a cell that looks like a number is not one softgrad reads, or null. */
export function malformedNumber(cell: string): string | null {
  const text = cell.trim();
  if (NON_FINITE.test(text)) return 'is not a finite number';
  if (NOT_DECIMAL.test(text)) return 'is not a decimal number';
  if (THOUSANDS.test(text)) return 'has a thousands separator';
  if (TOO_LARGE.test(text)) return 'is too large for a float64';
  return null;
}

/**
 * The counts that decide a column's kind, added a block of rows at a time (the whole column in memory, or each chunk
 * of a stream), each distinct text of a block judged once. `maxDistinct` bounds the distinct values kept: beyond it
 * a value is counted but not named, and the column is judged by how distinct its rows were up to then.
 * @example
 * const facts = new ColumnFacts(1 << 16);
 * for (const column of chunksOfOneColumn) facts.add(column, missingMask(column, missing), (row) => `row ${row + 1}`);
 * kindOf(facts); // { kind: 'numeric', missing: 3 }
 */
export class ColumnFacts {
  present = 0;
  missing = 0;
  /** Present cells that are numbers, and the cells among the rest that are words (not malformed numbers). */
  numbers = 0;
  words = 0;
  /** The words' spellings (trimmed), up to three: one or two spellings among numbers read as codes for missing. */
  readonly wordSpellings = new Set<string>();
  /** Present cells that are ISO 8601 dates, and whether one gave a time of day. */
  dates = 0;
  hasTime = false;
  /** Whether every number cell holds the same value. */
  oneNumber = true;
  firstText: string | null = null;
  firstStray: PlacedCell | null = null;
  firstNotDate: PlacedCell | null = null;
  /** Present cells per distinct trimmed text; numbers held as values are kept by value until asked for. */
  private readonly textCounts = new Map<string, number>();
  private readonly numberCounts = new Map<number, number>();
  /** Distinct values and present cells when `maxDistinct` was reached (null while under it). */
  private saturated: { distinct: number; present: number } | null = null;
  private firstNumber = NaN;
  /** Sums of the number cells less the first one (shifted, so that squares keep their precision), for a stream's plan. */
  private shiftedSum = 0;
  private shiftedSquares = 0;
  /** Present cells per year of the date cells. */
  readonly years = new Map<number, number>();
  /** Without a bound, the blocks added: their number cells are counted by value only if `distinct` is asked for. */
  private readonly blocks: { column: CellColumn; mask: Uint8Array }[] | null;

  constructor(private readonly maxDistinct = Infinity) {
    this.blocks = maxDistinct === Infinity ? [] : null;
  }

  /** The number cells' mean and population variance. */
  numberMoments(): { mean: number; variance: number } {
    const shift = this.shiftedSum / this.numbers;
    return { mean: this.firstNumber + shift, variance: Math.max(0, this.shiftedSquares / this.numbers - shift * shift) };
  }

  /** Adds the rows of `column` (`mask`: which are missing); `where(row)` places a row of this block in an error. */
  add(column: CellColumn, mask: Uint8Array, where: (row: number) => string): void {
    const { texts } = column;
    const counts = new Int32Array(texts.length);
    const firstRows = new Int32Array(texts.length).fill(-1);
    let firstPlainRow = -1;
    let [present, plain] = [0, 0];
    for (let row = 0; row < column.length; row++) {
      if (mask[row] === 1) continue;
      present++;
      const code = column.codeAt(row);
      if (code >= 0) {
        if (counts[code]++ === 0) firstRows[code] = row;
      } else if (plain++ === 0) {
        firstPlainRow = row;
      }
    }
    const firstPresent = present === 0 ? -1 : mask.indexOf(0);
    if (firstPresent >= 0) this.firstText ??= column.cell(firstPresent);
    [this.present, this.missing] = [this.present + present, this.missing + column.length - present];
    // The numbers written as String writes them: numbers, and no dates.
    if (plain > 0) this.addPlainNumbers(column, mask, firstPlainRow, plain);
    this.blocks?.push({ column, mask });
    // Each distinct text once, in order of its first row, so that the first stray cell is the first in the block.
    const order = Array.from(counts.keys()).filter((code) => counts[code] > 0).sort((a, b) => firstRows[a] - firstRows[b]);
    let firstStrayRow = -1;
    let firstNotDateRow = firstPlainRow;
    for (const code of order) {
      const [text, count, row] = [texts[code], counts[code], firstRows[code]];
      const value = parseStrictNumber(text);
      if (!Number.isNaN(value)) {
        this.addNumber(value, count);
      } else {
        if (malformedNumber(text) === null) {
          this.words += count;
          if (this.wordSpellings.size < 3) this.wordSpellings.add(text.trim());
        }
        if (firstStrayRow < 0) firstStrayRow = row;
      }
      const date = parseIsoDate(text);
      if (date !== null) {
        this.dates += count;
        this.hasTime ||= date.hasTime;
        this.years.set(date.year, (this.years.get(date.year) ?? 0) + count);
      } else if (firstNotDateRow < 0 || row < firstNotDateRow) {
        firstNotDateRow = row;
      }
      this.countText(text.trim(), count);
    }
    if (firstStrayRow >= 0) this.firstStray ??= { text: column.cell(firstStrayRow), place: where(firstStrayRow) };
    if (firstNotDateRow >= 0) this.firstNotDate ??= { text: column.cell(firstNotDateRow), place: where(firstNotDateRow) };
  }

  /** The present cells per distinct value, and how many distinct values there were among how many cells. */
  distinct(): { counts: Map<string, number>; distinct: number; present: number } {
    const counts = new Map(this.textCounts);
    const add = (text: string, count: number) => counts.set(text, (counts.get(text) ?? 0) + count);
    for (const [value, count] of this.numberCounts) add(String(value), count);
    for (const { column, mask } of this.blocks ?? []) {
      for (let row = 0; row < column.length; row++) if (mask[row] === 0 && column.codeAt(row) < 0) add(String(column.valueAt(row)), 1);
    }
    return { counts, ...(this.saturated ?? { distinct: counts.size, present: this.present }) };
  }

  /** The `count` cells held as values only, from `firstRow` on; their sums only where a stream's plan needs them. */
  private addPlainNumbers(column: CellColumn, mask: Uint8Array, firstRow: number, count: number): void {
    if (Number.isNaN(this.firstNumber)) this.firstNumber = column.valueAt(firstRow);
    this.numbers += count;
    const first = this.firstNumber;
    const bounded = this.blocks === null;
    for (let row = firstRow; row < column.length && (bounded || this.oneNumber); row++) {
      if (mask[row] === 1 || column.codeAt(row) >= 0) continue;
      const value = column.valueAt(row);
      if (value !== first) this.oneNumber = false;
      if (!bounded) continue;
      this.shiftedSum += value - first;
      this.shiftedSquares += (value - first) ** 2;
      this.countNumber(value);
    }
  }

  private addNumber(value: number, count: number): void {
    this.numbers += count;
    if (Number.isNaN(this.firstNumber)) this.firstNumber = value;
    else if (value !== this.firstNumber) this.oneNumber = false;
    const shifted = value - this.firstNumber;
    this.shiftedSum += shifted * count;
    this.shiftedSquares += shifted * shifted * count;
  }

  private countNumber(value: number): void {
    const count = this.numberCounts.get(value);
    if (count !== undefined) this.numberCounts.set(value, count + 1);
    else if (!this.full()) this.numberCounts.set(value, 1);
  }

  private countText(text: string, count: number): void {
    const seen = this.textCounts.get(text);
    if (seen !== undefined) this.textCounts.set(text, seen + count);
    else if (!this.full()) this.textCounts.set(text, count);
  }

  /** Whether no more distinct values are kept; the moment it becomes so is remembered. */
  private full(): boolean {
    if (this.saturated !== null) return true;
    if (this.textCounts.size + this.numberCounts.size < this.maxDistinct) return false;
    this.saturated = { distinct: this.textCounts.size + this.numberCounts.size, present: this.present };
    return true;
  }
}
