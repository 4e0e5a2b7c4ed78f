// Strict decimal parsing of one CSV cell: the numbers Python's float() reads, less nan, inf and 1_000.

// `Number()` would also take '' and ' ' (as 0), '0x10', '0b1', '0o7' and 'Infinity'; Python's float() and pandas
// reject hex too. Surrounding \s is exactly the white space `Number()` ignores, so no trim is needed.
const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/**
 * The value of a decimal number written in `cell` (surrounding spaces allowed), or NaN if the cell is
 * anything else: empty, hex, `NaN`, `Infinity`, or a decimal too large for float64 (`1e999`).
 */
export function parseStrictNumber(cell: string): number {
  if (!DECIMAL.test(cell)) return NaN;
  const value = Number(cell);
  return Number.isFinite(value) ? value : NaN;
}

/** Why `cell` is not a number, for an error message (only called once `parseStrictNumber` failed). */
export function whyNotANumber(cell: string): string {
  const text = cell.trim();
  if (text === '') return 'empty cell (missing values are not supported: fill them in or drop the row)';
  if (NON_FINITE.test(text)) return `${quote(cell)} is not a finite number (NaN and Infinity are not accepted as data)`;
  if (DECIMAL.test(cell)) return `${quote(cell)} is too large for a float64`;
  return `${quote(cell)} is not a number`;
}

/** A cell shown in a message: JSON-quoted (so spaces and control characters show), cut to 40 characters. */
export function quote(cell: string): string {
  return JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}...` : cell);
}
