// How one column becomes numbers, fitted on its training cells: scikit-learn's careful pipeline, column by column.
import { CsvError } from '../../errors.js';
import { parseStrictNumber, quote } from '../number-cell.js';
import { featureScale } from '../standard-scaler.js';
import type { ColumnKind } from './column-kinds.js';
import { parseIsoDate, type DateParts } from './iso-dates.js';
import { isMissing } from './missing-cells.js';

/**
 * A fitted column, as the model file stores it. Numbers: the median fills a missing cell, an indicator column says it
 * was missing (where the training rows had any), and both are standardised (SimpleImputer(median, add_indicator)
 * then StandardScaler). Two values: one 0/1 column. Categories: one-hot, missing as a category of its own, an
 * unseen value all zeros. Dates: the year standardised, and month, weekday, day of year (and hour) as the sine and
 * cosine of their angle around the cycle, so that December sits next to January.
 */
export type ColumnEncoding =
  | { name: string; kind: 'numeric'; fill: number; indicator: boolean; mean: number[]; scale: number[] }
  | { name: string; kind: 'binary'; values: [string, string] }
  | { name: string; kind: 'categorical'; categories: string[]; missing: boolean; other: boolean }
  | { name: string; kind: 'date'; hasTime: boolean; missing: boolean; fillYear: number; mean: number; scale: number }
  | { name: string; kind: 'dropped'; why: string };

/** Cells of one column, and how to name a cell's place in an error. */
export interface ColumnCells {
  cells: readonly string[];
  missing: ReadonlySet<string>;
  where: (row: number) => string;
}

const CYCLES: [string, (d: DateParts) => number, number][] = [
  ['month', (d) => d.month - 1, 12],
  ['weekday', (d) => d.weekday, 7],
  ['day of year', (d) => d.dayOfYear - 1, 366],
];
const HOUR: [string, (d: DateParts) => number, number] = ['hour', (d) => d.hour, 24];

/** The encoding of a column of kind `kind`, fitted on its training cells. */
export function fitColumnEncoding(name: string, kind: ColumnKind, { cells, missing }: ColumnCells): ColumnEncoding {
  switch (kind.kind) {
    case 'dropped':
      return { name, kind: 'dropped', why: kind.why };
    case 'binary':
      return { name, kind: 'binary', values: kind.values };
    case 'categorical':
      return { name, kind: 'categorical', categories: kind.categories, missing: kind.missing > 0, other: kind.other };
    case 'numeric': {
      // NaN marks a missing cell: inference has checked that every other cell is a number.
      const values = Float64Array.from(cells, (c) => (isMissing(c, missing) ? NaN : parseStrictNumber(c)));
      const fill = median(values.filter((v) => !Number.isNaN(v)));
      const indicator = kind.missing > 0;
      const filled = values.map((v) => (Number.isNaN(v) ? fill : v));
      const flags = values.map((v) => (Number.isNaN(v) ? 1 : 0));
      const stats = [filled, ...(indicator ? [flags] : [])].map(moments);
      return { name, kind: 'numeric', fill, indicator, mean: stats.map((s) => s.mean), scale: stats.map((s) => s.scale) };
    }
    case 'date': {
      const years = Float64Array.from(cells, (c) => (isMissing(c, missing) ? NaN : parseIsoDate(c)!.year));
      const fillYear = median(years.filter((v) => !Number.isNaN(v)));
      const { mean, scale } = moments(years.map((v) => (Number.isNaN(v) ? fillYear : v)));
      return { name, kind: 'date', hasTime: kind.hasTime, missing: kind.missing > 0, fillYear, mean, scale };
    }
  }
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

/**
 * Writes the encoding of `cells` into columns `offset ..` of the row-major `out` (`width` values a row); returns how
 * many cells held a value never seen in training (encoded as all zeros). A cell that is no number in a numeric
 * column, or no date in a date column, is a CsvError naming its place.
 */
export function encodeColumn(e: ColumnEncoding, { cells, missing, where }: ColumnCells, out: Float32Array, width: number, offset: number): number {
  let unseen = 0;
  const put = (row: number, k: number, value: number): void => {
    out[row * width + offset + k] = value;
    // Statistics are float64 (a model file's too): what does not fit a float32 feature is this row's error.
    if (!Number.isFinite(out[row * width + offset + k])) {
      throw new CsvError(`${where(row)}: ${quote(cells[row])} is beyond float32's range once encoded; the row cannot be scored`);
    }
  };
  const categoryIndex = e.kind === 'categorical' ? new Map(e.categories.map((c, k) => [c, k])) : null;
  cells.forEach((cell, row) => {
    const absent = isMissing(cell, missing);
    switch (e.kind) {
      case 'dropped':
        return;
      case 'numeric': {
        const value = absent ? e.fill : parseStrictNumber(cell);
        if (Number.isNaN(value)) {
          throw new CsvError(`${where(row)}: ${quote(cell)} is not a number (the column is numeric in the training rows; fix the cell, list its spelling in --missing-values, or declare the column with --categorical)`);
        }
        const z = (value - e.mean[0]) / e.scale[0];
        if (!Number.isFinite(Math.fround(z))) {
          throw new CsvError(`${where(row)}: ${quote(cell)} is beyond float32's range once standardised (training mean ${e.mean[0].toPrecision(4)}, scale ${e.scale[0].toPrecision(4)}); the row cannot be scored`);
        }
        put(row, 0, z);
        if (e.indicator) put(row, 1, ((absent ? 1 : 0) - e.mean[1]) / e.scale[1]);
        return;
      }
      case 'binary': {
        const value = cell.trim();
        if (absent || (value !== e.values[0] && value !== e.values[1])) unseen++;
        put(row, 0, value === e.values[1] && !absent ? 1 : 0);
        return;
      }
      case 'categorical': {
        const k = absent ? -1 : (categoryIndex!.get(cell.trim()) ?? -1);
        if (k >= 0) put(row, k, 1);
        else if (absent && e.missing) put(row, e.categories.length, 1);
        else if (!absent && e.other) put(row, e.categories.length + (e.missing ? 1 : 0), 1);
        else unseen++;
        return;
      }
      case 'date': {
        const parts = absent ? null : parseIsoDate(cell);
        if (!absent && parts === null) throw new CsvError(`${where(row)}: ${quote(cell)} is not an ISO 8601 date (the column held dates in training)`);
        put(row, 0, ((parts?.year ?? e.fillYear) - e.mean) / e.scale);
        cyclesOf(e).forEach(([, part, period], i) => {
          const angle = parts === null ? null : (2 * Math.PI * part(parts)) / period;
          put(row, 1 + 2 * i, angle === null ? 0 : Math.sin(angle));
          put(row, 2 + 2 * i, angle === null ? 0 : Math.cos(angle));
        });
        if (e.missing) put(row, 1 + 2 * cyclesOf(e).length, absent ? 1 : 0);
        return;
      }
    }
  });
  return unseen;
}

function cyclesOf(e: { hasTime: boolean }): [string, (d: DateParts) => number, number][] {
  return e.hasTime ? [...CYCLES, HOUR] : CYCLES;
}

/** The median of `values` (scikit-learn's: the mean of the middle two of an even count). */
function median(values: Float64Array): number {
  const sorted = values.slice().sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Mean and StandardScaler's divisor of a column (float64, population variance, 1 for a constant column). */
function moments(values: Float64Array): { mean: number; scale: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const variance = squares / values.length;
  return { mean, scale: featureScale(variance, mean, values.length) };
}
