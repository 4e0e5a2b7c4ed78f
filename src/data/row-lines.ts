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
  /** The rows stored, and the line of each: typed arrays grown by doubling, off the JavaScript heap. */
  private rows: Int32Array = new Int32Array(1);
  private lines: Int32Array = new Int32Array(1);
  private stored = 0;
  /** Each row's line, for rows taken in any order (a shuffled split would store every row twice above). */
  private each: Int32Array | null = null;

  /** Row `row` (0-based, one more than the last added) starts on line `line`. */
  add(row: number, line: number): void {
    const last = this.stored - 1;
    if (last >= 0 && line - this.lines[last] === row - this.rows[last]) return;
    if (this.stored === this.rows.length) {
      this.rows = grown(this.rows);
      this.lines = grown(this.lines);
    }
    this.rows[this.stored] = row;
    this.lines[this.stored++] = line;
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
    const k = this.entryOf(row);
    return this.lines[k] + row - this.rows[k];
  }

  /** Drops the entries no row from `row` on needs: a stream keeps the lines of the rows it has not handed out. */
  forget(row: number): void {
    if (this.each !== null || this.stored === 0) return;
    const keep = this.entryOf(row);
    this.rows.copyWithin(0, keep, this.stored);
    this.lines.copyWithin(0, keep, this.stored);
    this.stored -= keep;
  }

  /** The last stored entry at or before row `row`. */
  private entryOf(row: number): number {
    let [low, high] = [0, this.stored - 1];
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this.rows[mid] <= row) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

function grown(values: Int32Array): Int32Array {
  const out = new Int32Array(2 * values.length);
  out.set(values);
  return out;
}
