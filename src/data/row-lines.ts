// The line each row of a CSV text starts on, kept only where rows and lines stop advancing together.

/**
 * The line each row of a dataset read from CSV starts on (`dataset.lines`), for messages about a row. Rows are added
 * in order; only rows that do not follow on the line after the row before (after a blank line, a quoted line break,
 * or a shuffle) are stored, so a plain file costs one entry, whatever its length.
 * @example
 * const iris = await readCsv('iris.csv');
 * iris.lines?.lineOf(0); // 2: the first data row, after the header
 */
export class RowLines {
  private readonly rows: number[] = [];
  private readonly lines: number[] = [];

  /** Row `row` (0-based, one more than the last added) starts on line `line`. */
  add(row: number, line: number): void {
    const last = this.rows.length - 1;
    if (last < 0 || line - this.lines[last] !== row - this.rows[last]) {
      this.rows.push(row);
      this.lines.push(line);
    }
  }

  /** The lines of rows `indices`, in that order: row `i` of the result is row `indices[i]` here. */
  take(indices: ArrayLike<number>): RowLines {
    const out = new RowLines();
    for (let i = 0; i < indices.length; i++) out.add(i, this.lineOf(indices[i]));
    return out;
  }

  /** The 1-based line on which row `row` starts. */
  lineOf(row: number): number {
    let [low, high] = [0, this.rows.length - 1];
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this.rows[mid] <= row) low = mid;
      else high = mid - 1;
    }
    return this.lines[low] + row - this.rows[low];
  }
}
