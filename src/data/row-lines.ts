// The line each row of a CSV text starts on, kept compactly: a file of one row per line costs one entry.

/**
 * The line each row of a dataset read from CSV starts on (`dataset.lines`), for messages about a row. Rows are added
 * in order; only rows that do not follow on the line after the row before (after a blank line or a quoted line
 * break) are stored, so a plain file costs one entry, whatever its length. Rows taken from it (`takeRows`, a split)
 * keep their lines in an Int32Array.
 * @example
 * const iris = await readCsv('iris.csv');
 * iris.lines?.lineOf(0); // 2: the first data row, after the header
 */
export class RowLines {
  private readonly rows: number[] = [];
  private readonly lines: number[] = [];
  /** Each row's line, for rows taken in any order (a shuffled split would store every row twice above). */
  private each: Int32Array | null = null;

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
    out.each = Int32Array.from(indices, (row) => this.lineOf(row));
    return out;
  }

  /** The 1-based line on which row `row` starts. */
  lineOf(row: number): number {
    if (this.each !== null) return this.each[row];
    let [low, high] = [0, this.rows.length - 1];
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this.rows[mid] <= row) low = mid;
      else high = mid - 1;
    }
    return this.lines[low] + row - this.rows[low];
  }
}
