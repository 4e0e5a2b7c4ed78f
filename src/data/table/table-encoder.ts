// The column handling of a table, fitted once: each column's kind and encoding, then rows of text to a tensor.
import { CsvError, ValueError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { quote } from '../number-cell.js';
import type { ColumnFacts } from './column-facts.js';
import { inferColumnKind, kindOf } from './column-kinds.js';
import { columnWriter, encodedNames, encodingFromFacts, fitColumnEncoding, type ColumnEncoding, type ColumnWriter } from './column-encoding.js';
import { columnEncodingFromJSON } from './column-encoding-json.js';
import { DEFAULT_MISSING_VALUES, missingMask } from './missing-cells.js';
import { cellPlace, tableRows, type Table } from './table.js';

// Rows encoded at a time: a block of the output stays in cache while every column writes to it.
const BLOCK_ROWS = 1024;

/** Options of `TableEncoder`: what counts as missing, and the kinds a user declares instead of their inference. */
export interface TableEncoderOptions {
  /** The spellings of a missing cell, besides the empty cell. Default `DEFAULT_MISSING_VALUES`. */
  missingValues?: readonly string[];
  /** Columns to one-hot encode whatever they hold (`--categorical`). */
  categorical?: readonly string[];
  /** Columns that must be numbers (`--numeric`). */
  numeric?: readonly string[];
  /** Columns to leave out (`--ignore`). */
  ignore?: readonly string[];
}

/** A table encoded as numbers, and how many cells of each column held a value never seen in training. */
export interface EncodedTable {
  x: Tensor;
  unseen: { column: string; cells: number }[];
}

/**
 * Turns a table of text cells into a float32 tensor the way a careful scikit-learn pipeline does, with every column's
 * kind inferred from the training rows (see `inferColumnKind`) unless declared: numbers imputed by their median with a
 * missing indicator and standardised, two values as 0/1, categories one-hot, dates as their year and cycles, ids and
 * constant columns dropped. Columns are matched by name, in any order; extra columns are ignored.
 * @example
 * const { table } = await readTable('penguins.csv', { label: 'species' });
 * const encoder = new TableEncoder({ ignore: ['sex'] }).fit(table);
 * encoder.featureNames; // ['island=Biscoe', ..., 'bill_length_mm', 'bill_length_mm (missing)', ...]
 * const { x } = encoder.transform(table); // a float32 [344, 11] tensor for a PyTorch-style loop
 */
export class TableEncoder {
  private readonly missing: ReadonlySet<string>;
  private encodings: ColumnEncoding[] | null = null;

  constructor(private readonly options: TableEncoderOptions = {}) {
    // An empty cell is missing whatever the list says: it can mean nothing else.
    this.missing = new Set(['', ...(options.missingValues ?? DEFAULT_MISSING_VALUES)]);
    const declared = [...(options.categorical ?? []), ...(options.numeric ?? []), ...(options.ignore ?? [])];
    const twice = declared.find((name, i) => declared.indexOf(name) !== i);
    if (twice !== undefined) throw new ValueError(`TableEncoder: column ${quote(twice)} is given more than one kind`);
  }

  /** Infers each column's kind from the training rows and fits its encoding. Returns this encoder. */
  fit(table: Table): this {
    return this.fitEach(table.names, table.source, (name, j, declared) => {
      const column = table.columns[j];
      const where = (row: number) => cellPlace(table, row, j);
      const mask = missingMask(column, this.missing);
      return fitColumnEncoding(name, inferColumnKind(column, { missing: this.missing, where, declared, mask }), { column, mask, where });
    });
  }

  /**
   * Fits from each column's cells counted as a stream reads them (`ColumnFacts`, one per name), not from the cells:
   * the same kinds, but a missing number is the mean of the present ones. Returns this encoder.
   */
  fitCounted(names: readonly string[], facts: readonly ColumnFacts[], source?: string): this {
    return this.fitEach(names, source, (name, j, declared) => encodingFromFacts(name, kindOf(facts[j], declared), facts[j]));
  }

  /** The spellings of a missing cell this encoder reads (the empty cell among them). */
  get missingValues(): ReadonlySet<string> {
    return this.missing;
  }

  /** Each column's encoding by `fitColumn` (the declared kind given), checked as a whole. */
  private fitEach(names: readonly string[], source: string | undefined, fitColumn: (name: string, j: number, declared?: 'numeric' | 'categorical') => ColumnEncoding): this {
    const { categorical = [], numeric = [], ignore = [] } = this.options;
    const where = source ?? 'the table';
    for (const name of [...categorical, ...numeric, ...ignore]) {
      if (!names.includes(name)) throw new CsvError(`${where}: no column named ${quote(name)} (the columns are ${names.map(quote).join(', ')})`);
    }
    this.encodings = names.map((name, j) => {
      if (ignore.includes(name)) return { name, kind: 'dropped', why: 'ignored as asked' };
      return fitColumn(name, j, categorical.includes(name) ? 'categorical' : numeric.includes(name) ? 'numeric' : undefined);
    });
    const features = this.featureNames;
    const twice = features.find((name, i) => features.indexOf(name) !== i);
    if (twice !== undefined) {
      throw new CsvError(`${where}: two encoded columns would be named ${quote(twice)} (a column is named as another's encoding); rename that column`);
    }
    if (features.length === 0) {
      const why = this.encodings.map((e) => `${quote(e.name)}: ${e.kind === 'dropped' ? e.why : e.kind}`).join('; ');
      throw new CsvError(`${where}: no column is left to learn from (${why})`);
    }
    return this;
  }

  /** The rows of `table` as an `[N, features]` tensor; a column the encoder needs and the table lacks is a CsvError. */
  transform(table: Table): EncodedTable {
    const encodings = this.fitted('transform');
    const names = this.featureNames;
    const rows = tableRows(table);
    const x = new Float32Array(rows * names.length);
    const writers: { column: string; write: ColumnWriter; unseen: number }[] = [];
    let offset = 0;
    for (const e of encodings) {
      if (e.kind === 'dropped') continue;
      const j = table.names.indexOf(e.name);
      if (j < 0) throw new CsvError(`${table.source ?? 'the table'}: no column named ${quote(e.name)}, which the model needs`);
      const column = table.columns[j];
      const cells = { column, mask: missingMask(column, this.missing), where: (row: number) => cellPlace(table, row, j) };
      writers.push({ column: e.name, write: columnWriter(e, cells, names.length, offset), unseen: 0 });
      offset += encodedNames(e).length;
    }
    // A block of rows at a time, every column, so that the block's part of the output stays in cache.
    for (let from = 0; from < rows; from += BLOCK_ROWS) {
      const to = Math.min(rows, from + BLOCK_ROWS);
      for (const w of writers) w.unseen += w.write(x, from, to);
    }
    const unseen = writers.filter((w) => w.unseen > 0).map((w) => ({ column: w.column, cells: w.unseen }));
    return { x: new Tensor(x, [rows, names.length]), unseen };
  }

  /** The names of the encoded columns, in order: `bill_length_mm`, `bill_length_mm (missing)`, `island=Dream`, ... */
  get featureNames(): string[] {
    return this.fitted('featureNames').flatMap(encodedNames);
  }

  /** Each column's fitted encoding, dropped ones included (with why). */
  get columns(): readonly ColumnEncoding[] {
    return this.fitted('columns');
  }

  /** The fitted encodings and the missing spellings, as plain JSON (for a model file). */
  toJSON(): { missingValues: string[]; columns: ColumnEncoding[] } {
    return { missingValues: [...this.missing], columns: structuredClone(this.fitted('toJSON')) };
  }

  /**
   * An encoder from `toJSON()`'s output, every field checked (a ValueError names the wrong one): a model file's
   * column plan.
   */
  static fromJSON(json: unknown): TableEncoder {
    if (typeof json !== 'object' || json === null) throw new ValueError('TableEncoder.fromJSON: expected an object with missingValues and columns');
    const { missingValues, columns } = json as Record<string, unknown>;
    if (!Array.isArray(missingValues) || missingValues.length > 1000 || !missingValues.every((v) => typeof v === 'string')) {
      throw new ValueError('TableEncoder.fromJSON: missingValues must be a list of strings');
    }
    if (!Array.isArray(columns) || columns.length === 0 || columns.length > 1 << 20) throw new ValueError('TableEncoder.fromJSON: columns must be a non-empty list');
    const encodings = columns.map((c, j) => columnEncodingFromJSON(c, `columns[${j}]`));
    const names = new Set(encodings.map((e) => e.name));
    if (names.size !== encodings.length) throw new ValueError('TableEncoder.fromJSON: two columns have one name');
    const encoder = new TableEncoder({ missingValues: missingValues as string[] });
    encoder.encodings = encodings;
    return encoder;
  }

  private fitted(caller: string): ColumnEncoding[] {
    if (this.encodings === null) throw new ValueError(`TableEncoder.${caller}: not fitted; call fit(table) on the training rows first`);
    return this.encodings;
  }
}
