// Which cells of a table are missing: the spellings pandas, R and spreadsheets write for "no value".
import type { CellColumn } from './cell-column.js';

/**
 * The cells read as missing by default (after trimming white space): empty, `NA`, `N/A`, `n/a`, `NaN`, `nan`,
 * `null`, `NULL`, `#N/A` and `?`, the common part of pandas' `na_values` and skrub's null strings.
 */
export const DEFAULT_MISSING_VALUES: readonly string[] = ['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', '#N/A', '?'];

/** Whether `cell` is missing under `missing` (a set of spellings, compared after trimming white space). */
export function isMissing(cell: string, missing: ReadonlySet<string>): boolean {
  if (missing.has(cell)) return true;
  // Trimming allocates: only a cell with white space at an end can differ from its trimmed self.
  const padded = cell.length > 0 && (cell.charCodeAt(0) <= 32 || cell.charCodeAt(cell.length - 1) <= 32);
  return padded && missing.has(cell.trim());
}

/**
 * Which rows of `column` are missing under `missing` (1: missing), each distinct text judged once: a table's columns
 * are read through this mask, never cell by cell.
 */
export function missingMask(column: CellColumn, missing: ReadonlySet<string>): Uint8Array {
  const textMissing = Uint8Array.from(column.texts, (text) => (isMissing(text, missing) ? 1 : 0));
  // A spelling such as -999 is a number cell, which the column holds as its value, not as text.
  const numbers = new Set([...missing].filter((spelling) => Number.isFinite(Number(spelling)) && String(Number(spelling)) === spelling).map(Number));
  const mask = new Uint8Array(column.length);
  for (let row = 0; row < mask.length; row++) {
    const code = column.codeAt(row);
    if (code >= 0) mask[row] = textMissing[code];
    else if (numbers.size > 0 && numbers.has(column.valueAt(row))) mask[row] = 1;
  }
  return mask;
}
