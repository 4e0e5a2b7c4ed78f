// Which cells of a table are missing: the spellings pandas, R and spreadsheets write for "no value".

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
