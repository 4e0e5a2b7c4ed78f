// A table of text cells, column by column, as read from a CSV file or made from JavaScript records.
import { quote } from '../number-cell.js';
import type { RowLines } from '../row-lines.js';

/** Named columns of text cells, all of one length; `source` and `lines` name a row's place in errors. */
export interface Table {
  names: readonly string[];
  columns: readonly (readonly string[])[];
  /** The file the rows came from (or `records`). */
  source?: string;
  /** The line of the file each row starts on. */
  lines?: RowLines;
}

/** The number of rows of a table. */
export function tableRows(table: Table): number {
  return table.columns[0]?.length ?? 0;
}

/** `file:line: column 3 ("name")`, or `source: row 5: column "name"` without lines, for errors about one cell. */
export function cellPlace(table: Table, row: number, column: number): string {
  const name = `column ${column + 1} (${quote(table.names[column])})`;
  const source = table.source ?? 'the table';
  return table.lines ? `${source}:${table.lines.lineOf(row)}: ${name}` : `${source}: row ${row + 1}: ${name}`;
}
