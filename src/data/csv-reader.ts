// The one CSV reader: text pushed in pieces, checked rows out in chunks. readCsv and parseCsv collect its rows,
// streamCsv passes them on; papaparse splits fields, csv-schema.ts judges each row, csv-checks.ts the whole file.
import Papa from 'papaparse';
import type { CsvError } from '../errors.js';
import { allocate, type FloatArray } from '../tensor/dtype.js';
import { checkHasRows, LabelCodes, labelWarnings, lastColumn, quoteError, singleClass } from './csv-checks.js';
import { csvError, describeColumn, readRow, readTextRow, resolveSchema, type CsvSchema } from './csv-schema.js';
import { quote } from './number-cell.js';
import type { CsvOptions } from './csv.js';
import { utf8Pieces } from './file-text.js';
import { classIndex, sortClasses } from './label-encoder.js';
import { LineCounter } from './line-counter.js';
import type { RowLines } from './row-lines.js';
import type { CellColumn } from './table/cell-column.js';

// papaparse guesses the line ending from the first 1 MiB characters of its text: nothing is parsed before that
// much text (or all of it) is here, so every later piece is read with the guess made on the whole file.
const GUESS_CHARS = 1 << 20;
// Values per chunk when the reader's user asks for no row count: small chunks whatever the file's width.
const CHUNK_VALUES = 1 << 16;

/**
 * Rows `start .. start + rows` of the file: `x` is `rows * D` features (empty when the reader keeps text), `y` the
 * rows' label codes (-1: no label).
 */
export interface RowChunk {
  x: FloatArray;
  y: Int32Array;
  start: number;
  rows: number;
}

/** What a whole read found, once `finish` has returned. */
export interface CsvSummary {
  schema: CsvSchema;
  rows: number;
  /** `options.classes`, else the file's labels in `LabelEncoder` order (none without a label column). */
  classes: string[];
  /** Class id of each label code (codes count labels by first appearance); null when codes are class ids. */
  recode: Int32Array | null;
  warnings: string[];
}

/** How a reader chunks and bounds its rows. */
export interface CsvReaderLimits {
  /** Rows per chunk; default about 64 Ki values' worth. */
  chunkRows?: number;
  /** A row still unfinished after this many characters is an error, not a reason to hold more text. */
  maxRowChars?: number;
  /** Who reads, for the row-length message (`readCsv`, `streamCsv`). */
  caller?: string;
  /** Where to record the line each row starts on (a stream keeps none: it could grow with the file). */
  lines?: Pick<RowLines, 'add'>;
  /** Read the features as text: each row's feature cells are appended to these columns (one per feature), not parsed. */
  textColumns?: CellColumn[];
}

/**
 * Reads CSV text pushed in pieces, in order: `push` returns the chunks of rows complete so far, `finish` the rest,
 * then `summary` the classes. Every row is checked (`readRow`), with its line number in the whole text, as it
 * arrives; the text held is the last, unfinished row and what has come after it. A piece may end anywhere: a row is
 * parsed once it ends before the text held does, and papaparse reads such a row as it would inside the whole text.
 */
export class CsvReader {
  /** Known once the header (or first row) has been read. */
  schema: CsvSchema | null = null;
  rows = 0;
  private readonly delimiter: string;
  private readonly labelCodes: LabelCodes;
  private readonly missingLabels: ReadonlySet<string>;
  /** papaparse's guess, made on the first parse, kept for the rest of the text. */
  private newline: '\n' | '\r' | '\r\n' | undefined;
  private pending = '';
  /** The line on which `pending` starts. */
  private pendingLine = 1;
  /** Parse once `pending` is this long: the guess's text first, then twice the last unfinished row. */
  private parseAt = GUESS_CHARS;
  private atStart = true;
  private finished = false;
  private firstDataLine = 0;
  private lastLine = 0;
  private chunkRows: number | undefined;
  private filled = 0;
  private x: FloatArray | null = null;
  private y = new Int32Array(0);
  private readonly ready: RowChunk[] = [];

  constructor(
    private readonly source: string,
    private readonly options: CsvOptions,
    private readonly limits: CsvReaderLimits = {},
  ) {
    // A .tsv file is tab-separated unless the caller says otherwise.
    this.delimiter = options.delimiter ?? (/\.tsv$/i.test(source) ? '\t' : ',');
    this.labelCodes = new LabelCodes(options.classes);
    this.missingLabels = new Set(options.missingLabels);
    this.chunkRows = limits.chunkRows;
  }

  /** Adds the next piece of text; returns the chunks filled so far. */
  push(piece: string): RowChunk[] {
    this.add(piece);
    // A NUL is binary data, however long the text before the next line end: report it now, not after reading on.
    if (piece.includes('\0')) this.parse(true);
    // Waiting for twice the unfinished row's length keeps a long row from being parsed again at every piece.
    if (this.pending.length >= this.parseAt) this.parse(false);
    return this.ready.splice(0);
  }

  /** Adds the last piece of text (if any) and reads every row left; throws if the text had no data rows. */
  finish(last = ''): RowChunk[] {
    this.add(last);
    this.parse(true);
    if (this.filled > 0) this.emit();
    checkHasRows(this.schema, this.rows, this.options.header ?? true, this.source);
    this.finished = true;
    return this.ready.splice(0);
  }

  /** The classes, after `finish`: labels coded by first appearance are sorted here, once, in `LabelEncoder` order. */
  summary(): CsvSummary {
    if (!this.finished) throw new Error('CsvReader.summary: call finish first');
    const { rows, options } = this;
    const schema = this.schema!;
    if (schema.labelColumn < 0 || options.classes !== undefined) {
      return { schema, rows, classes: options.classes ? [...options.classes] : [], recode: null, warnings: [] };
    }
    const firstSeen = this.labelCodes.firstSeen();
    const classes = sortClasses(firstSeen);
    if (classes.length < 2 && !options.labelOptional) throw singleClass(schema, classes[0], this.firstDataLine, this.lastLine);
    const index = classIndex(classes);
    const recode = Int32Array.from(firstSeen, (label) => index.get(label)!);
    return { schema, rows, classes, recode, warnings: labelWarnings(classes, rows, schema) };
  }

  private add(piece: string): void {
    if (this.atStart && piece !== '') {
      this.atStart = false;
      if (piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
    }
    this.pending += piece;
  }

  /** Reads the complete rows of `pending` (all of them when `final`) and keeps the rest: the row that may go on. */
  private parse(final: boolean): void {
    const text = this.pending;
    const lines = new LineCounter(text);
    const lineBefore = this.pendingLine - 1;
    const nul = text.indexOf('\0');
    let rowStart = 0;
    let rest = -1;
    Papa.parse<string[]>(text, {
      delimiter: this.delimiter,
      newline: this.newline,
      header: false,
      skipEmptyLines: false,
      step: (result) => {
        if (rest >= 0) return;
        this.newline ??= result.meta.linebreak as '\n' | '\r' | '\r\n';
        const end = result.meta.cursor;
        if (!final && end >= text.length) {
          rest = rowStart;
          return;
        }
        const line = lineBefore + lines.lineAt(rowStart);
        rowStart = end;
        // Checked with the row it is in, so that the first problem in the text is the one reported.
        if (nul >= 0 && nul < end) throw csvError(this.source, lineBefore + lines.lineAt(nul), 'NUL byte: this looks like a binary file, not CSV text');
        if (result.errors.length > 0) throw quoteError(result.errors[0], result.data, this.schema, this.source, lineBefore + lines.lineAt(result.errors[0].index ?? 0));
        this.row(result.data, line);
      },
    });
    if (rest < 0) rest = rowStart;
    this.pendingLine = lineBefore + lines.lineAt(rest);
    this.pending = text.slice(rest);
    const maxRowChars = this.limits.maxRowChars ?? Infinity;
    if (this.pending.length > maxRowChars) throw this.rowTooLong(maxRowChars);
    this.parseAt = Math.min(2 * this.pending.length, maxRowChars + 1);
  }

  private row(fields: string[], line: number): void {
    // A blank (or white-space only) line is skipped, not a row of one empty field.
    if (fields.length === 1 && fields[0].trim() === '') return;
    if (this.schema === null) {
      this.schema = resolveSchema(fields, line, this.options, this.source, this.delimiter);
      if (this.options.header ?? true) return;
    }
    const schema = this.schema;
    const d = schema.featureColumns.length;
    const text = this.limits.textColumns;
    if (this.x === null) {
      const rows = (this.chunkRows ??= Math.max(1, Math.floor(CHUNK_VALUES / d)));
      this.x = allocate(this.options.dtype ?? 'float32', text ? 0 : rows * d);
      this.y = new Int32Array(rows);
    }
    const label = text ? readTextRow(schema, fields, line, text) : readRow(schema, fields, line, this.x, this.filled * d);
    if (schema.labelColumn >= 0 && this.missingLabels.has(label)) {
      throw csvError(this.source, line, `${describeColumn(schema, schema.labelColumn)}: the label is missing (${quote(label)}); give the row its class or drop it`);
    }
    this.y[this.filled] = schema.labelColumn >= 0 ? this.labelCodes.code(label, line, schema) : -1;
    if (this.rows === 0) this.firstDataLine = line;
    this.limits.lines?.add(this.rows, line);
    this.rows++;
    this.lastLine = line;
    if (++this.filled === this.chunkRows) this.emit();
  }

  /** Hands the filled rows over as a chunk; the next row starts new arrays, so a chunk stays valid. */
  private emit(): void {
    const rows = this.filled;
    const full = rows === this.chunkRows;
    const d = this.schema!.featureColumns.length;
    this.ready.push({ x: full ? this.x! : this.x!.slice(0, rows * d), y: full ? this.y : this.y.slice(0, rows), start: this.rows - rows, rows });
    this.x = null;
    this.filled = 0;
  }

  /**
   * A row that has not ended after `limit` characters: where papaparse sees a quoted field still open, that field
   * (it may close later, or never: only holding the rest of the text would tell); else the row.
   */
  private rowTooLong(limit: number): CsvError {
    const within = `within ${limit} characters (the longest row ${this.limits.caller ?? 'readCsv'} reads)`;
    const first = Papa.parse<string[]>(this.pending, { delimiter: this.delimiter, newline: this.newline, preview: 1 });
    const error = first.errors[0];
    if (error?.code === 'MissingQuotes') {
      const line = this.pendingLine - 1 + new LineCounter(this.pending).lineAt(error.index ?? 0);
      return csvError(this.source, line, `${lastColumn(first.data[0] ?? [], this.schema)}: quoted field not closed ${within}`);
    }
    return csvError(this.source, this.pendingLine, `the row does not end ${within}`);
  }
}

/** The chunks of one pass of `reader` over the file at `path`, the last ones from `finish`. */
export async function* fileChunks(path: string, reader: CsvReader): AsyncGenerator<RowChunk> {
  for await (const piece of utf8Pieces(path)) yield* reader.push(piece);
  yield* reader.finish();
}
