// How one column becomes numbers, fitted on its training cells: scikit-learn's careful pipeline, column by column.
import { CsvError } from '../../errors.js';
import { quote } from '../number-cell.js';
import { featureScale } from '../standard-scaler.js';
import type { ColumnKind } from './column-kinds.js';
import { parseIsoDate, type DateParts } from './iso-dates.js';
import type { CellColumn } from './cell-column.js';
import type { ColumnFacts } from './column-facts.js';
import { portableCos, portableSin } from '../../tensor/portable-math.js';

/**
 * A fitted column, as the model file stores it. Numbers: the median fills a missing cell, an indicator column says it
 * was missing (where the training rows had any), and both are standardised (SimpleImputer(median, add_indicator)
 * then StandardScaler). Two values: one 0/1 column. Categories: one-hot, missing as a category of its own, an
 * unseen value all zeros. Dates: the year standardised, and month, weekday, day of year (and hour) as the sine and
 * cosine of their angle around the cycle, so that December sits next to January.
 */
export type ColumnEncoding =
  /** `fill` is the training median, or the mean where `fillBy` says so (a stream's plan). */
  | { name: string; kind: 'numeric'; fill: number; indicator: boolean; mean: number[]; scale: number[]; fillBy?: 'mean' }
  | { name: string; kind: 'binary'; values: [string, string] }
  | { name: string; kind: 'categorical'; categories: string[]; missing: boolean; other: boolean }
  | { name: string; kind: 'date'; hasTime: boolean; missing: boolean; fillYear: number; mean: number; scale: number }
  | { name: string; kind: 'dropped'; why: string };

/** Cells of one column, which of them are missing (`missingMask`), and how to name a cell's place in an error. */
export interface ColumnCells {
  column: CellColumn;
  mask: Uint8Array;
  where: (row: number) => string;
}

const CYCLES: [string, (d: DateParts) => number, number][] = [
  ['month', (d) => d.month - 1, 12],
  ['weekday', (d) => d.weekday, 7],
  ['day of year', (d) => d.dayOfYear - 1, 366],
];
const HOUR: [string, (d: DateParts) => number, number] = ['hour', (d) => d.hour, 24];

/** The encoding of a column of kind `kind`, fitted on its training cells. */
export function fitColumnEncoding(name: string, kind: ColumnKind, { column, mask }: ColumnCells): ColumnEncoding {
  switch (kind.kind) {
    case 'dropped':
    case 'binary':
    case 'categorical':
      return encodingOfKind(name, kind);
    case 'numeric': {
      // Inference has checked that every present cell is a number.
      const values = new Float64Array(column.length);
      for (let row = 0; row < values.length; row++) values[row] = mask[row] === 1 ? NaN : column.valueAt(row);
      const fill = median(values);
      const indicator = kind.missing > 0;
      const flags = new Float64Array(values.length);
      for (let row = 0; row < values.length; row++) {
        if (mask[row] === 1) [values[row], flags[row]] = [fill, 1];
      }
      const stats = [moments(values), ...(indicator ? [moments(flags)] : [])];
      return { name, kind: 'numeric', fill, indicator, mean: stats.map((s) => s.mean), scale: stats.map((s) => s.scale) };
    }
    case 'date': {
      const parts = column.texts.map((text) => parseIsoDate(text));
      const years = new Float64Array(column.length);
      for (let row = 0; row < years.length; row++) years[row] = mask[row] === 1 ? NaN : parts[column.codeAt(row)]!.year;
      const fillYear = median(years);
      for (let row = 0; row < years.length; row++) if (mask[row] === 1) years[row] = fillYear;
      const { mean, scale } = moments(years);
      return { name, kind: 'date', hasTime: kind.hasTime, missing: kind.missing > 0, fillYear, mean, scale };
    }
  }
}

/** The encoding of a kind that carries all of it: no statistic of the cells is needed. */
function encodingOfKind(name: string, kind: ColumnKind & { kind: 'dropped' | 'binary' | 'categorical' }): ColumnEncoding {
  switch (kind.kind) {
    case 'dropped':
      return { name, kind: 'dropped', why: kind.why };
    case 'binary':
      return { name, kind: 'binary', values: kind.values };
    case 'categorical':
      return { name, kind: 'categorical', categories: kind.categories, missing: kind.missing > 0, other: kind.other };
  }
}

/**
 * The encoding of a column of kind `kind` from a stream's counted cells (see `ColumnFacts`), which holds no column:
 * as `fitColumnEncoding`, but a missing number is the mean of the present ones (a median needs every value held).
 * A date's fill is still the median year, from the count of each year.
 */
export function encodingFromFacts(name: string, kind: ColumnKind, facts: ColumnFacts): ColumnEncoding {
  if (kind.kind !== 'numeric' && kind.kind !== 'date') return encodingOfKind(name, kind);
  const rows = facts.present + facts.missing;
  const share = facts.missing / rows;
  const indicator = { mean: share, scale: featureScale(share * (1 - share), share, rows) };
  if (kind.kind === 'numeric') {
    // Filled with their mean, the missing cells add nothing to the spread.
    const { mean, variance } = facts.numberMoments();
    const scale = featureScale((variance * facts.numbers) / rows, mean, rows);
    const withIndicator = kind.missing > 0;
    return { name, kind: 'numeric', fill: mean, fillBy: 'mean', indicator: withIndicator, mean: [mean, ...(withIndicator ? [indicator.mean] : [])], scale: [scale, ...(withIndicator ? [indicator.scale] : [])] };
  }
  const years = [...facts.years].sort((a, b) => a[0] - b[0]);
  const fillYear = weightedMedian(years);
  let sum = fillYear * facts.missing;
  for (const [year, count] of years) sum += year * count;
  const mean = sum / rows;
  let squares = (fillYear - mean) ** 2 * facts.missing;
  for (const [year, count] of years) squares += (year - mean) ** 2 * count;
  return { name, kind: 'date', hasTime: kind.hasTime, missing: kind.missing > 0, fillYear, mean, scale: featureScale(squares / rows, mean, rows) };
}

/** The median of values given with their counts, sorted (the mean of the middle two of an even total). */
function weightedMedian(sorted: [number, number][]): number {
  const total = sorted.reduce((sum, [, count]) => sum + count, 0);
  // The values at 0-based positions floor((total - 1) / 2) and floor(total / 2).
  const at = (position: number): number => {
    let seen = 0;
    for (const [value, count] of sorted) if ((seen += count) > position) return value;
    return NaN;
  };
  return (at(Math.floor((total - 1) / 2)) + at(Math.floor(total / 2))) / 2;
}

/** The names of the columns an encoding writes (none for a dropped column). */
export function encodedNames(e: ColumnEncoding): string[] {
  switch (e.kind) {
    case 'dropped':
      return [];
    case 'numeric':
      return e.indicator ? [e.name, `${e.name} (missing)`] : [e.name];
    case 'binary':
      return [`${e.name}=${e.values[1]}`];
    case 'categorical':
      return [...e.categories.map((c) => `${e.name}=${c}`), ...(e.missing ? [`${e.name} (missing)`] : []), ...(e.other ? [`${e.name} (other)`] : [])];
    case 'date':
      return [`${e.name}: year`, ...cyclesOf(e).flatMap(([part]) => [`${e.name}: ${part} sin`, `${e.name}: ${part} cos`]), ...(e.missing ? [`${e.name} (missing)`] : [])];
  }
}

/** Writes rows `from .. to` of a column's encoding into a row-major table; returns how many held an unseen value. */
export type ColumnWriter = (out: Float32Array, from: number, to: number) => number;

/**
 * A writer of the encoding of `column` into columns `offset ..` of a row-major `out` (`width` values a row), which
 * counts the cells that held a value never seen in training (encoded as all zeros). A cell that is no number in a
 * numeric column, or no date in a date column, is a CsvError naming its place. What depends only on a distinct text
 * is worked out here, once.
 */
export function columnWriter(e: ColumnEncoding, cells: ColumnCells, width: number, offset: number): ColumnWriter {
  switch (e.kind) {
    case 'dropped':
      return () => 0;
    case 'numeric':
      return numberWriter(e, cells, width, offset);
    case 'binary':
    case 'categorical':
      return oneHotWriter(e, cells, width, offset);
    case 'date':
      return dateWriter(e, cells, width, offset);
  }
}

function numberWriter(e: ColumnEncoding & { kind: 'numeric' }, { column, mask, where }: ColumnCells, width: number, offset: number): ColumnWriter {
  const [mean, scale] = [e.mean[0], e.scale[0]];
  const indicator = e.indicator ? [(0 - e.mean[1]) / e.scale[1], (1 - e.mean[1]) / e.scale[1]] : null;
  return (out, from, to) => {
    for (let row = from, at = from * width + offset; row < to; row++, at += width) {
      const absent = mask[row];
      const value = absent === 1 ? e.fill : column.valueAt(row);
      if (Number.isNaN(value)) {
        throw new CsvError(`${where(row)}: ${quote(column.cell(row))} is not a number (the column is numeric in the training rows; fix the cell, list its spelling in --missing-values, or declare the column with --categorical)`);
      }
      // Statistics are float64 (a model file's too): what does not fit a float32 feature is this row's error.
      out[at] = (value - mean) / scale;
      if (!Number.isFinite(out[at])) {
        throw new CsvError(`${where(row)}: ${quote(column.cell(row))} is beyond float32's range once standardised (training mean ${mean.toPrecision(4)}, scale ${scale.toPrecision(4)}); the row cannot be scored`);
      }
      if (indicator !== null) out[at + 1] = indicator[absent];
    }
    return 0;
  };
}

// In a one-hot plan, a value known to need no column (a two-valued column's first value), and one never seen.
const NO_COLUMN = -2;
const UNSEEN = -1;

/** The one-hot plan of a two-valued or categorical column: each known value's column, and a missing or other cell's. */
function oneHotPlan(e: ColumnEncoding & { kind: 'binary' | 'categorical' }): { columnOf: Map<string, number>; missing: number; other: number } {
  if (e.kind === 'binary') return { columnOf: new Map([[e.values[0], NO_COLUMN], [e.values[1], 0]]), missing: UNSEEN, other: UNSEEN };
  const n = e.categories.length;
  return { columnOf: new Map(e.categories.map((c, k) => [c, k])), missing: e.missing ? n : UNSEEN, other: e.other ? n + (e.missing ? 1 : 0) : UNSEEN };
}

/** A 1 in each row's one-hot column; a row with no column to go to is unseen. */
function oneHotWriter(e: ColumnEncoding & { kind: 'binary' | 'categorical' }, { column, mask }: ColumnCells, width: number, offset: number): ColumnWriter {
  const plan = oneHotPlan(e);
  const columnOf = (value: string): number => plan.columnOf.get(value) ?? plan.other;
  const textColumn = Int32Array.from(column.texts, (text) => columnOf(text.trim()));
  return (out, from, to) => {
    let unseen = 0;
    for (let row = from, at = from * width + offset; row < to; row++, at += width) {
      const code = column.codeAt(row);
      const k = mask[row] === 1 ? plan.missing : code >= 0 ? textColumn[code] : columnOf(String(column.valueAt(row)));
      if (k >= 0) out[at + k] = 1;
      else if (k === UNSEEN) unseen++;
    }
    return unseen;
  };
}

/** A date's encoded parts, worked out once per distinct text and copied into each row that holds it. */
function dateWriter(e: ColumnEncoding & { kind: 'date' }, { column, mask, where }: ColumnCells, width: number, offset: number): ColumnWriter {
  const cycles = cyclesOf(e);
  const n = 1 + 2 * cycles.length + (e.missing ? 1 : 0);
  const encode = (date: DateParts | null): Float32Array => {
    const values = new Float32Array(n);
    values[0] = ((date?.year ?? e.fillYear) - e.mean) / e.scale;
    cycles.forEach(([, part, period], i) => {
      const angle = date === null ? null : (2 * Math.PI * part(date)) / period;
      values[1 + 2 * i] = angle === null ? 0 : portableSin(angle);
      values[2 + 2 * i] = angle === null ? 0 : portableCos(angle);
    });
    if (e.missing) values[n - 1] = date === null ? 1 : 0;
    return values;
  };
  const missingRow = encode(null);
  const textRows = column.texts.map((text) => {
    const date = parseIsoDate(text);
    return date === null ? null : encode(date);
  });
  return (out, from, to) => {
    for (let row = from, at = from * width + offset; row < to; row++, at += width) {
      const code = column.codeAt(row);
      const values = mask[row] === 1 ? missingRow : code >= 0 ? textRows[code] : null;
      if (values === null) throw new CsvError(`${where(row)}: ${quote(column.cell(row))} is not an ISO 8601 date (the column held dates in training)`);
      if (!Number.isFinite(values[0])) throw new CsvError(`${where(row)}: ${quote(column.cell(row))} is beyond float32's range once encoded; the row cannot be scored`);
      for (let k = 0; k < n; k++) out[at + k] = values[k];
    }
    return 0;
  };
}

function cyclesOf(e: { hasTime: boolean }): [string, (d: DateParts) => number, number][] {
  return e.hasTime ? [...CYCLES, HOUR] : CYCLES;
}

/** The median of the values of `values` that are not NaN (scikit-learn's: the mean of the middle two of an even count). */
function median(values: Float64Array): number {
  const present = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) present[n++] = values[i];
  const upper = select(present.subarray(0, n), n >> 1);
  if (n % 2 === 1) return upper;
  // After selection every value before the middle is at most the upper middle: the lower middle is their largest.
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) lower = Math.max(lower, present[i]);
  return (lower + upper) / 2;
}

/** The `k`-th smallest of `values` (0-based), found in place in linear expected time (Hoare's selection). */
function select(values: Float64Array, k: number): number {
  let [left, right] = [0, values.length - 1];
  while (left < right) {
    const pivot = values[(left + right) >> 1];
    let [i, j] = [left, right];
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        [values[i], values[j]] = [values[j], values[i]];
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k];
}

/** Mean and StandardScaler's divisor of a column (float64, population variance, 1 for a constant column), summed in row order. */
function moments(values: Float64Array): { mean: number; scale: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  const variance = squares / n;
  return { mean, scale: featureScale(variance, mean, n) };
}
