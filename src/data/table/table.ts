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
  /** The rows were JavaScript records: errors name `records[i]["key"]`. */
  records?: boolean;
}

/** The number of rows of a table. */
export function tableRows(table: Table): number {
  return table.columns[0]?.length ?? 0;
}

/** `file:line: column 3 ("name")` (`source: row 5: ...` without lines, `records[4]["name"]`), for errors about one cell. */
export function cellPlace(table: Table, row: number, column: number): string {
  if (table.records) return `records[${row}][${quote(table.names[column])}]`;
  const name = `column ${column + 1} (${quote(table.names[column])})`;
  const source = table.source ?? 'the table';
  return table.lines ? `${source}:${table.lines.lineOf(row)}: ${name}` : `${source}: row ${row + 1}: ${name}`;
}

/** Whether `value` is a table (names and columns of cells), not a tensor or a dataset. */
export function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && Array.isArray((value as Table).names) && Array.isArray((value as Table).columns);
}

/** A table of feature cells and the class of each row (`y` empty without a label column), as `readTable` reads it. */
export interface LabelledTable {
  table: Table;
  y: Int32Array;
  classes: string[];
  labelName: string;
  warnings: string[];
}

/** Whether `value` is a table with its labels, as `readTable` returns it. */
export function isLabelledTable(value: unknown): value is LabelledTable {
  return typeof value === 'object' && value !== null && isTable((value as { table?: unknown }).table);
}
