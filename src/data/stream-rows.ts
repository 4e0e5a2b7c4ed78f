// One pass over a CSV file in pieces: papaparse splits each piece's complete rows, csv-schema.ts and csv-checks.ts judge them.
import Papa from 'papaparse';
import { allocate, type FloatArray } from '../tensor/dtype.js';
import type { CsvError } from '../errors.js';
import { checkHasRows, isBlankRow, lastColumn, nulByte, quoteError, startSchema, type LabelCodes } from './csv-checks.js';
import { csvError, readRow, type CsvSchema } from './csv-schema.js';
import type { CsvOptions } from './csv.js';
import { LineCounter } from './line-counter.js';
import { utf8Pieces } from './file-text.js';

// papaparse guesses the line ending from the first 1 MiB characters of the text; parsing starts once that much
// is here (or the whole file), so the guess is the one readCsv makes on the whole text.
const GUESS_CHARS = 1 << 20;
// A row still unfinished after this many characters (a quote never closed, or no line breaks) is an error
// rather than a reason to hold the rest of the file in memory.
export const MAX_ROW_CHARS = 8 << 20;

/** Rows `start .. start + rows` of the file: `x` is `rows * D` features, `y` the rows' label codes. */
export interface RowChunk {
  x: FloatArray;
  y: Int32Array;
  start: number;
  rows: number;
}

/**
 * Reads a CSV file once, start to end, yielding its data rows in chunks of `chunkRows`. Every row is checked as
 * readCsv checks it (csv-schema.ts's `readRow`), with the same line numbers, as it arrives. Only the current
 * piece of text (about 1 MiB) and the chunks made from it are held at any time.
 */
export class CsvRowPass {
  /** Known once the header (or first row) has been read. */
  schema: CsvSchema | null = null;
  rows = 0;
  firstDataLine = 0;
  lastLine = 0;
  private readonly delimiter: string;
  private newline: '\n' | '\r' | '\r\n' = '\n';
  /** The line on which the unparsed rest of the text starts. */
  private pendingLine = 1;
  private filled = 0;
  private x: FloatArray | null = null;
  private y = new Int32Array(0);
  private readonly ready: RowChunk[] = [];

  constructor(
    private readonly path: string,
    private readonly options: CsvOptions,
    private readonly source: string,
    private readonly chunkRows: number,
    private readonly labelCodes: LabelCodes,
  ) {
    this.delimiter = options.delimiter ?? ',';
  }

  async *chunks(): AsyncGenerator<RowChunk> {
    let pending = '';
    let started = false;
    for await (let piece of utf8Pieces(this.path)) {
      if (!started && pending === '' && piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
      pending += piece;
      if (!started) {
        if (pending.length < GUESS_CHARS) continue;
        this.guessNewline(pending);
        started = true;
      }
      pending = this.parse(pending, false);
      yield* this.ready.splice(0);
    }
    if (!started) this.guessNewline(pending);
    this.parse(pending, true);
    if (this.filled > 0) this.emit();
    yield* this.ready.splice(0);
    checkHasRows(this.schema, this.rows, this.options.header ?? true, this.source);
  }

  private guessNewline(text: string): void {
    const linebreak = Papa.parse<string[]>(text.slice(0, GUESS_CHARS), { delimiter: this.delimiter, preview: 1 }).meta.linebreak;
    this.newline = linebreak === '\r\n' || linebreak === '\r' ? linebreak : '\n';
  }

  /**
   * Reads the complete rows of `text` (all of them when `final`) and returns the rest: the last row, which may
   * continue in the next piece. A row is complete when it ends before the text does; papaparse reads such a row
   * exactly as it would read it inside the whole file, so rows, fields and errors are readCsv's.
   */
  private parse(text: string, final: boolean): string {
    const lines = new LineCounter(text);
    const lineBefore = this.pendingLine - 1;
    const nul = text.indexOf('\0');
    if (nul >= 0) throw nulByte(this.source, lineBefore + lines.lineAt(nul));
    let rowStart = 0;
    let rest = -1;
    Papa.parse<string[]>(text, {
      delimiter: this.delimiter,
      newline: this.newline,
      header: false,
      skipEmptyLines: false,
      step: (result) => {
        if (rest >= 0) return;
        const end = result.meta.cursor;
        if (!final && end >= text.length) {
          rest = rowStart;
          return;
        }
        const line = lineBefore + lines.lineAt(rowStart);
        rowStart = end;
        if (result.errors.length > 0) throw quoteError(result.errors[0], result.data, this.schema, this.source, lineBefore + lines.lineAt(result.errors[0].index ?? 0));
        this.row(result.data, line);
      },
    });
    if (final) return '';
    if (rest < 0) rest = rowStart;
    this.pendingLine = lineBefore + lines.lineAt(rest);
    const remainder = text.slice(rest);
    if (remainder.length > MAX_ROW_CHARS) throw this.rowTooLong(remainder);
    return remainder;
  }

  private row(fields: string[], line: number): void {
    if (isBlankRow(fields)) return;
    if (this.schema === null) {
      this.schema = startSchema(fields, line, this.options, this.source, this.delimiter);
      if (this.options.header ?? true) return;
    }
    const schema = this.schema;
    const d = schema.featureColumns.length;
    if (this.x === null) {
      this.x = allocate(this.options.dtype ?? 'float32', this.chunkRows * d);
      this.y = new Int32Array(this.chunkRows);
    }
    const label = readRow(schema, fields, line, this.x, this.filled * d);
    this.y[this.filled] = schema.labelColumn >= 0 ? this.labelCodes.code(label, line, schema) : -1;
    if (this.rows === 0) this.firstDataLine = line;
    this.rows++;
    this.lastLine = line;
    if (++this.filled === this.chunkRows) this.emit();
  }

  /** Hands the filled rows over as a chunk; the next row starts new arrays, so a chunk stays valid. */
  private emit(): void {
    const rows = this.filled;
    const d = this.schema!.featureColumns.length;
    const full = rows === this.chunkRows;
    this.ready.push({
      x: full ? this.x! : this.x!.slice(0, rows * d),
      y: full ? this.y : this.y.slice(0, rows),
      start: this.rows - rows,
      rows,
    });
    this.x = null;
    this.filled = 0;
  }

  /**
   * A row that has not ended after MAX_ROW_CHARS characters: where papaparse sees a quoted field still open, that
   * field (it may close later, or never: the stream cannot know without holding the rest); else the row.
   */
  private rowTooLong(remainder: string): CsvError {
    const limit = `within ${MAX_ROW_CHARS} characters (the longest row streamCsv reads)`;
    const first = Papa.parse<string[]>(remainder, { delimiter: this.delimiter, newline: this.newline, preview: 1 });
    const error = first.errors[0];
    if (error?.code === 'MissingQuotes') {
      const fields = first.data[0] ?? [];
      const column = lastColumn(fields, this.schema);
      const line = this.pendingLine - 1 + new LineCounter(remainder).lineAt(error.index ?? 0);
      return csvError(this.source, line, `${column}: quoted field not closed ${limit}`);
    }
    return csvError(this.source, this.pendingLine, `the row does not end ${limit}`);
  }
}
