// Rows as JavaScript objects (from JSON, a database driver or an API) as a table of text cells.
import { CsvError } from '../../errors.js';
import { classIndex, sortClasses } from '../label-encoder.js';
import { quote } from '../number-cell.js';
import { CellColumn } from './cell-column.js';
import { DEFAULT_MISSING_VALUES } from './missing-cells.js';
import type { RowLines } from '../row-lines.js';
import type { LabelledTable, Table } from './table.js';

/** Options of `tableFromRecords`. */
export interface RecordsOptions {
  /** The key of the label; null or absent: no label (rows to predict). */
  label?: string | null;
  /** The file the records came from, for messages (default: they name `records[i]`). */
  source?: string;
  /** The line each record starts on (JSON Lines); without, messages name the record's number in the file. */
  lines?: RowLines;
  /** Records of the file before these (a chunk of a stream), so that messages number them in the whole file. */
  recordsBefore?: number;
}

/** A record's value: what JSON, a driver or an API gives for one field. */
export type RecordValue = string | number | boolean | Date | null | undefined;

/**
 * The records as a table: one column per key (in order of first appearance), each value as the text a CSV would hold
 * (`null`, `undefined`, a missing key and NaN are missing; a Date is the ISO 8601 text of its local date and time). With `label`, that key's
 * values are the classes (sorted as `readCsv` sorts them) and a record without one is an error. A value that is an
 * object or an array is a CsvError naming the record and key.
 * @example
 * const data = tableFromRecords([{ island: 'Dream', mass: 3500, species: 'Adelie' }, ...], { label: 'species' });
 * await new Classifier().fit(data);
 */
export function tableFromRecords(records: readonly Record<string, RecordValue>[], options: RecordsOptions = {}): LabelledTable {
  const { label, source, lines, recordsBefore = 0 } = options;
  // Where record i (and its key) is: records[i]["key"], or the file's line (JSON Lines) or record number (a JSON array).
  const at = (i: number, key?: string): string => {
    if (source === undefined) return `records[${i}]${key === undefined ? '' : `[${quote(key)}]`}`;
    const record = lines ? `${source}:${lines.lineOf(i)}` : `${source}: record ${recordsBefore + i + 1}`;
    return key === undefined ? record : `${record}: column ${quote(key)}`;
  };
  const names: string[] = [];
  const seen = new Set<string>();
  records.forEach((record, i) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new CsvError(`${at(i)}: not an object of named values`);
    for (const key of Object.keys(record)) {
      if (key === label || seen.has(key)) continue;
      seen.add(key);
      names.push(key);
    }
  });
  const columns = names.map((key) => CellColumn.from(records.map((record, i) => cellOf(valueOf(record, key), () => at(i, key)))));
  const table: Table = source === undefined ? { names, columns, source: 'records', records: true } : { names, columns, source, lines };
  if (label === undefined || label === null) return { table, y: new Int32Array(0), classes: [], labelName: '', warnings: [] };
  const labels = records.map((record, i) => {
    const text = cellOf(valueOf(record, label), () => at(i, label)).trim();
    if (text === '' || DEFAULT_MISSING_VALUES.includes(text)) throw new CsvError(`${at(i)}: no label ${quote(label)}${text === '' ? '' : ` (${quote(text)} is a missing value)`}`);
    return text;
  });
  const classes = sortClasses([...new Set(labels)]);
  const index = classIndex(classes);
  return { table, y: Int32Array.from(labels, (l) => index.get(l)!), classes, labelName: label, warnings: [] };
}

function cellOf(value: RecordValue, where: () => string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : localIsoText(value);
  throw new CsvError(`${where()}: ${Array.isArray(value) ? 'a list' : typeof value}, not a value a column can hold`);
}

/**
 * A row of a typed file (Parquet, Arrow) with its values as a table cell holds them: a 64-bit integer as its exact
 * digits, a date or timestamp as its UTC ISO 8601 text (the day alone at midnight), whatever this machine's time zone.
 */
export function typedRecord(row: Record<string, unknown>): Record<string, RecordValue> {
  const out: Record<string, RecordValue> = {};
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'bigint') out[key] = value.toString();
    else if (value instanceof Date) out[key] = Number.isNaN(value.getTime()) ? null : value.toISOString().replace(/T00:00:00\.000Z$/, '').replace(/\.000Z$/, 'Z');
    else out[key] = value as RecordValue;
  }
  return out;
}

/** A record's own value for `key` (never one inherited from Object.prototype, such as `constructor`). */
function valueOf(record: Record<string, RecordValue>, key: string): RecordValue {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * A Date as ISO 8601 text of its local parts, as a driver means them (node-postgres gives a DATE as local midnight,
 * which toISOString would move to the day before east of UTC); the time only when it is not midnight.
 */
function localIsoText(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${String(date.getFullYear()).padStart(4, '0')}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  const [h, m, s] = [date.getHours(), date.getMinutes(), date.getSeconds()];
  return h === 0 && m === 0 && s === 0 ? day : `${day}T${two(h)}:${two(m)}:${two(s)}`;
}
