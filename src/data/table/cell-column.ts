// One column of a table's cells, held without a string per cell: a million rows of a table stay a few typed arrays.
import { parseStrictNumber } from '../number-cell.js';

const FIRST_CAPACITY = 1024;

/**
 * A column of text cells, as a table holds it. A cell written as a number is its float64 value; any other cell (a
 * word, a date, a missing spelling, or a number written other than as `String(value)` writes it, such as `3.50`) is
 * a code into `texts`, which holds each such distinct cell once. `cell(i)` gives back the text exactly as written,
 * and `valueAt(i)` the number read from it, parsed once, as the table was read.
 * @example
 * const column = CellColumn.from(['3.5', 'NA', '3.50', 'NA']);
 * column.texts; // ['NA', '3.50']
 * column.cell(2); // '3.50'
 * column.valueAt(2); // 3.5
 */
export class CellColumn {
  length = 0;
  /** Each distinct cell that is not a number written as `String(value)` would write it, in order of appearance. */
  readonly texts: string[];
  private readonly codeOfText: Map<string, number>;
  /** Each cell's number (NaN: none); null while no cell has held one. Unused capacity is NaN. */
  private values: Float64Array | null = null;
  /** Each cell's index in `texts` (-1: `values` holds the cell); null while none has needed one. Unused capacity is -1. */
  private codes: Int32Array | null = null;
  private capacity = 0;

  constructor(texts: string[] = [], codeOfText = new Map<string, number>()) {
    this.texts = texts;
    this.codeOfText = codeOfText;
  }

  /** A column of `cells`. */
  static from(cells: Iterable<string>): CellColumn {
    const column = new CellColumn();
    for (const cell of cells) column.push(cell);
    return column;
  }

  /** Appends a cell. */
  push(cell: string): void {
    if (this.length === this.capacity) this.grow(Math.max(FIRST_CAPACITY, 2 * this.capacity));
    const row = this.length++;
    const plain = plainDecimal(cell);
    if (!Number.isNaN(plain)) {
      (this.values ??= filled(new Float64Array(this.capacity), NaN))[row] = plain;
      if (plainWrittenAsString(cell, plain)) return;
    } else {
      // A cell that cannot start a number is not parsed again (most text cells).
      const first = cell.charCodeAt(0);
      const value = (first >= 48 && first <= 57) || first === 45 || first === 46 || first === 43 || first <= 32 ? parseStrictNumber(cell) : NaN;
      if (!Number.isNaN(value)) {
        (this.values ??= filled(new Float64Array(this.capacity), NaN))[row] = value;
        if (String(value) === cell) return;
      }
    }
    let code = this.codeOfText.get(cell);
    if (code === undefined) {
      code = this.texts.push(cell) - 1;
      this.codeOfText.set(cell, code);
    }
    (this.codes ??= filled(new Int32Array(this.capacity), -1))[row] = code;
  }

  /** The cell of row `row`, as written. */
  cell(row: number): string {
    const code = this.codeAt(row);
    return code >= 0 ? this.texts[code] : String(this.values![row]);
  }

  /** The number written in row `row` (NaN if the cell is no number). */
  valueAt(row: number): number {
    return this.values === null ? NaN : this.values[row];
  }

  /** Row `row`'s index in `texts`, or -1 when the cell is the number `valueAt(row)`, written as `String` writes it. */
  codeAt(row: number): number {
    return this.codes === null ? -1 : this.codes[row];
  }

  /** Every cell, as written. */
  cells(): string[] {
    return Array.from({ length: this.length }, (_, row) => this.cell(row));
  }

  /** The rows `indices`, in that order, as a new column (sharing `texts`). */
  take(indices: ArrayLike<number>): CellColumn {
    const column = new CellColumn(this.texts, this.codeOfText);
    const n = indices.length;
    column.length = column.capacity = n;
    const { values, codes } = this;
    if (values !== null) {
      const taken = (column.values = new Float64Array(n));
      for (let i = 0; i < n; i++) taken[i] = values[indices[i]];
    }
    if (codes !== null) {
      const taken = (column.codes = new Int32Array(n));
      for (let i = 0; i < n; i++) taken[i] = codes[indices[i]];
    }
    return column;
  }

  private grow(capacity: number): void {
    if (this.values !== null) this.values = grown(this.values, capacity, NaN);
    if (this.codes !== null) this.codes = grown(this.codes, capacity, -1);
    this.capacity = capacity;
  }
}

/**
 * The value of a cell written as plain decimal digits, perhaps a sign and a point (`-12.5`, `3`, `0.250`), with at
 * most 15 digits, read without `Number()`; NaN for any other cell, which takes the general path. Such a number is an
 * integer below 2^53 over an exact power of ten, so one correctly rounded division gives what `Number()` gives.
 */
function plainDecimal(cell: string): number {
  const n = cell.length;
  const start = cell.charCodeAt(0) === 45 ? 1 : 0;
  let mantissa = 0;
  let point = -1;
  for (let i = start; i < n; i++) {
    const c = cell.charCodeAt(i);
    if (c >= 48 && c <= 57) mantissa = mantissa * 10 + (c - 48);
    else if (c === 46 && point < 0) point = i;
    else return NaN;
  }
  const digits = n - start - (point >= 0 ? 1 : 0);
  if (digits === 0 || digits > 15) return NaN;
  const value = point < 0 ? mantissa : mantissa / 10 ** (n - 1 - point);
  return start === 1 ? -value : value;
}

/** Whether `String(value)` gives back `cell`, a cell `plainDecimal` reads as `value`. */
function plainWrittenAsString(cell: string, value: number): boolean {
  if (value === 0) return cell === '0';
  // String writes an exponent below 1e-6 (and from 1e21, beyond 15 digits).
  if (Math.abs(value) < 1e-6) return false;
  const n = cell.length;
  const start = cell.charCodeAt(0) === 45 ? 1 : 0;
  const point = cell.indexOf('.');
  // Not 007, .5, 5. or 1.50.
  if (cell.charCodeAt(start) === 48 && point !== start + 1) return false;
  return point < 0 || (point !== start && point !== n - 1 && cell.charCodeAt(n - 1) !== 48);
}

function filled<T extends Float64Array | Int32Array>(array: T, value: number): T {
  array.fill(value);
  return array;
}

function grown<T extends Float64Array | Int32Array>(array: T, capacity: number, value: number): T {
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array);
  next.fill(value, array.length);
  return next;
}
