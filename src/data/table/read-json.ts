// A JSON file (an array of records) or a JSON Lines file (a record per line) as a table: each record's values as
// cells, as tableFromRecords makes them, with errors naming the file and the record's line or number.
import { CsvError, ValueError } from '../../errors.js';
import { utf8Pieces } from '../file-text.js';
import { RowLines } from '../row-lines.js';
import { arrowBatches } from './read-arrow.js';
import { parquetRowGroups } from './read-parquet.js';
import { tableFromRecords, type RecordValue } from './records.js';
import type { LabelledTable } from './table.js';

/** The record sources softgrad reads by a file's extension. */
export type RecordFormat = 'json' | 'jsonl' | 'parquet' | 'arrow';

/**
 * `json` for `.json`, `jsonl` for `.jsonl` and `.ndjson`, `parquet` for `.parquet`, `arrow` for `.arrow` and
 * `.feather`, or null for any other file (CSV).
 */
export function recordFormatOf(path: string): RecordFormat | null {
  const extension = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  if (extension === 'json' || extension === 'parquet' || extension === 'arrow') return extension;
  if (extension === 'feather') return 'arrow';
  return extension === 'jsonl' || extension === 'ndjson' ? 'jsonl' : null;
}

/**
 * Reads a `.json` file holding an array of records, a `.parquet` or Arrow IPC (`.arrow`, `.feather`) file, or a `.jsonl` / `.ndjson` file holding a record per line (blank
 * lines skipped), as a table (the label by default the first record's last key, as a CSV's is its last column): numbers stay numbers, `true`/`false` two values, `null` a missing cell; a nested value
 * (a list, an object) or a record that is no object is a CsvError naming the file, the record and the key.
 * @example
 * const { table, y, classes } = await readJsonTable('penguins.jsonl', { label: 'species' });
 */
export async function readJsonTable(path: string, { label, classes }: { label?: string | null; classes?: readonly string[] } = {}): Promise<LabelledTable> {
  const data = await readRecords(path, label);
  return classes === undefined || data.y.length === 0 ? data : withClasses(data, classes);
}

async function readRecords(path: string, label: string | null | undefined): Promise<LabelledTable> {
  const { records, lines, none } = await recordsOf(path);
  if (records.length === 0) throw new CsvError(`${path}: no records: ${none}`);
  return tableFromRecords(records, { label: label === undefined ? lastKey(records[0]) : label, source: path, lines });
}

/** Every record of the file, the line each starts on where the format has lines, and what "no records" means here. */
async function recordsOf(path: string): Promise<{ records: Record<string, RecordValue>[]; lines?: RowLines; none: string }> {
  const records: Record<string, RecordValue>[] = [];
  switch (recordFormatOf(path)) {
    case 'arrow':
      for await (const batch of arrowBatches(path)) append(records, batch);
      return { records, none: 'the Arrow file has no rows' };
    case 'parquet':
      for await (const group of parquetRowGroups(path)) append(records, group.records);
      return { records, none: 'the Parquet file has no rows' };
    case 'json': {
      let text = '';
      for await (const piece of utf8Pieces(path)) text += piece;
      return { records: parseJsonArray(text.replace(/^\uFEFF/, ''), path), none: 'the array is empty' };
    }
    default: {
      const lines = new RowLines();
      for await (const [record, line] of jsonLines(path)) {
        lines.add(records.length, line);
        records.push(record);
      }
      return { records, lines, none: 'the file has no line holding a JSON object' };
    }
  }
}

/** The label a file of records has by default, as a CSV's is its last column: the first record's last key. */
export function lastKey(record: unknown): string | undefined {
  return typeof record === 'object' && record !== null ? Object.keys(record).at(-1) : undefined;
}

/** A label given for a file of records (`caller` names who was given it): a key's name, never a column number. */
export function recordLabel(label: string | number | null | undefined, path: string, caller: string): string | null | undefined {
  if (typeof label === 'number') throw new ValueError(`${caller}: ${path} holds records, whose label is a key: give its name, not a column number`);
  return label;
}

/** The class id of each label in `classes` (a model's); a label outside them is a CsvError at `where()`. */
export function classIds(classes: readonly string[]): (label: string, where: () => string) => number {
  const index = new Map(classes.map((c, i) => [c, i]));
  return (label, where) => {
    const id = index.get(label);
    if (id === undefined) throw new CsvError(`${where()}: label ${JSON.stringify(label)} is not one of the classes ${classes.map((c) => JSON.stringify(c)).join(', ')}`);
    return id;
  };
}

/** The labels as ids into `classes` (a model's): a label outside them is a CsvError naming its record. */
function withClasses(data: LabelledTable, classes: readonly string[]): LabelledTable {
  const id = classIds(classes);
  const { source, lines } = data.table;
  const y = Int32Array.from(data.y, (code, row) => id(data.classes[code], () => (lines ? `${source}:${lines.lineOf(row)}` : `${source}: record ${row + 1}`)));
  return { ...data, y, classes: [...classes] };
}

function parseJsonArray(text: string, path: string): Record<string, RecordValue>[] {
  if (!/^\s*\[/.test(text)) throw new CsvError(`${path}: not a JSON array of records (a .json file must hold one array; JSON Lines files end in .jsonl)`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CsvError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  const records = value as Record<string, RecordValue>[];
  if (records.length === 0) throw new CsvError(`${path}: no records: the array is empty`);
  return records;
}

/** Each record of a JSON Lines file with the line it is on; a line that is not JSON is a CsvError naming it. */
export async function* jsonLines(path: string): AsyncGenerator<[Record<string, RecordValue>, number]> {
  let carry = '';
  let line = 0;
  const parse = (text: string): Record<string, RecordValue> | null => {
    line++;
    const trimmed = text.trim();
    if (trimmed === '') return null;
    try {
      return JSON.parse(line === 1 ? trimmed.replace(/^\uFEFF/, '') : trimmed) as Record<string, RecordValue>;
    } catch (error) {
      throw new CsvError(`${path}:${line}: not a JSON value: ${(error as Error).message}`);
    }
  };
  for await (const piece of utf8Pieces(path)) {
    const parts = (carry + piece).split('\n');
    carry = parts.pop()!;
    for (const part of parts) {
      const record = parse(part);
      if (record !== null) yield [record, line];
    }
  }
  const last = parse(carry);
  if (last !== null) yield [last, line];
}

/** Appends `batch` to `records` one by one: a spread of a batch of a million records would overflow the stack. */
function append<T>(records: T[], batch: readonly T[]): void {
  for (const record of batch) records.push(record);
}
