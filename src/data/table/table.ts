// A table of text cells, column by column, as read from a CSV file or made from JavaScript records.
import { quote } from '../number-cell.js';
import type { RowLines } from '../row-lines.js';
import type { CellColumn } from './cell-column.js';

/** Named columns of text cells, all of one length; `source` and `lines` name a row's place in errors. */
export interface Table {
  names: readonly string[];
  columns: readonly CellColumn[];
  /** The file the rows came from (or `records`). */
  source?: string;
  /** The line of the file each row starts on. */
  lines?: RowLines;
  /** The rows were JavaScript records: errors name `records[i]["key"]`. */
  records?: boolean;
  /** The file's 0-based column of each column here (a file's label column is not one of them). */
  fileColumns?: readonly number[];
}

/** The number of rows of a table. */
export function tableRows(table: Table): number {
  return table.columns[0]?.length ?? 0;
}

/**
 * `file:line: column 3 ("name")` (`source: row 5: column "name"` without lines or file columns, `records[4]["name"]`),
 * for errors about one cell.
 */
export function cellPlace(table: Table, row: number, column: number): string {
  if (table.records) return `records[${row}][${quote(table.names[column])}]`;
  const fileColumn = table.fileColumns?.[column];
  const name = fileColumn === undefined ? `column ${quote(table.names[column])}` : `column ${fileColumn + 1} (${quote(table.names[column])})`;
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

/**
 * The rows `indices` of a labelled table, in that order: a split or a fold of it.
 * @example
 * const { trainIndices, testIndices } = trainTestIndices({ rows: data.y.length, ...data }, { testSize: 0.25 });
 * const train = takeTableRows(data, trainIndices);
 */
export function takeTableRows(data: LabelledTable, indices: ArrayLike<number>): LabelledTable {
  const { table, y } = data;
  return {
    ...data,
    table: { ...table, columns: table.columns.map((column) => column.take(indices)), lines: table.lines?.take(indices) },
    y: y.length > 0 ? Int32Array.from(indices, (i) => y[i]) : y,
    warnings: [],
  };
}
